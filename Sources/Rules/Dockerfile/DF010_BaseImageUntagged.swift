import BulkheadCore
import BulkheadModel

struct BaseImageUntagged: Rule {
    static let description = RuleDescription(
        id: "DF010", title: "Base image has no tag", severity: .medium, controls: [.imagePinning],
        aliases: ["DL3006", "DS-0001", "CKV_DOCKER_7", "DKL-DI-0006"],
        rationale: """
        FROM without a tag means :latest, which moves whenever the publisher pushes. Builds stop being reproducible, \
        and a compromised or broken upstream push flows straight into your image. ARG defaults are resolved before \
        judging, so FROM ${BASE} with a pinned default is fine.
        """,
        remediation: "Name a release tag (FROM debian:12.7-slim), or better, pin the digest as well (FROM debian:12.7-slim@sha256:…).",
        triggering: [
            Example("↓FROM ubuntu\nRUN true"),
            Example("ARG BASE=python\n↓FROM ${BASE}\nRUN true"),
            Example("FROM golang:1.23 AS build\n↓FROM registry.example.com:5000/team/app\nCOPY --from=build /a /a"),
        ],
        nonTriggering: [
            Example("FROM ubuntu:24.04"),
            Example("ARG BASE=python:3.12-slim\nFROM ${BASE}"),
            Example("FROM debian:12 AS build\nFROM build"),
            Example("FROM scratch\nCOPY app /"),
            Example("FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.imageBases.compactMap { s in
            guard s.unresolvedBaseVariables.isEmpty else { return nil }
            let r = ImageReference(s.base)
            guard r.tag == nil, r.digest == nil, !s.base.contains("$") else { return nil }
            var f = ctx.fromFinding(Self.description, s, "Base image '\(s.base)' has no tag, so it means :latest and changes under you.")
            f.fix = "Name a release tag of \(s.base) (FROM \(s.base):<version>), or better, pin its digest as well (FROM \(s.base):<version>@sha256:…)."
            return f
        }
    }
}
