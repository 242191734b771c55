import BulkheadCore
import DockerfileParser
import Testing
@testable import Rules

/// Realistic Dockerfiles labelled by hand with the controls that must and must not be reported
/// (at medium severity or above for `mustNot`, any severity for `must`). These are judged by control,
/// the way users read the report, not by rule id.
struct LabelledCase: Sendable, CustomTestStringConvertible {
    var name: String
    var dockerfile: String
    var must: Set<Control>
    var mustNot: Set<Control>
    var testDescription: String { name }
}

let labelledCases: [LabelledCase] = [
    LabelledCase(name: "hardened multi-stage go", dockerfile: """
        # syntax=docker/dockerfile:1.7
        FROM golang:1.23.2-bookworm@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5 AS build
        WORKDIR /src
        RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=bind,target=. CGO_ENABLED=0 go build -o /out/app ./cmd/app
        FROM gcr.io/distroless/static-debian12:nonroot@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
        COPY --from=build /out/app /app
        USER 65532:65532
        HEALTHCHECK CMD ["/app", "-healthcheck"]
        ENTRYPOINT ["/app"]
        """, must: [], mustNot: Set(Control.allCases)),
    LabelledCase(name: "classic root node app", dockerfile: """
        FROM node:latest
        WORKDIR /usr/src/app
        COPY package*.json ./
        RUN npm install
        COPY . .
        EXPOSE 3000
        CMD npm start
        """, must: [.userRoot, .imagePinning, .imageHealthcheck], mustNot: [.secretsImage, .supplyChain, .networkExposure]),
    LabelledCase(name: "secrets everywhere", dockerfile: """
        FROM python:3.12-slim
        ARG PIP_INDEX_TOKEN
        ENV DATABASE_URL=postgres://app:s3cretpw@db:5432/app
        ENV DJANGO_SECRET_KEY=django-insecure-abc123
        COPY id_rsa /root/.ssh/id_rsa
        RUN pip install --no-cache-dir -r requirements.txt
        USER 1000
        """, must: [.secretsImage], mustNot: [.userRoot]),
    LabelledCase(name: "secret handled properly", dockerfile: """
        FROM node:22.11-bookworm-slim
        WORKDIR /app
        COPY package.json package-lock.json ./
        RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
        ENV DB_PASSWORD_FILE=/run/secrets/db_password
        COPY --chown=node:node . .
        USER node
        HEALTHCHECK CMD ["node", "healthcheck.js"]
        CMD ["node", "server.js"]
        """, must: [], mustNot: [.secretsImage, .userRoot, .supplyChain, .imagePinning]),
    LabelledCase(name: "insecure supply chain", dockerfile: """
        FROM debian:12
        RUN apt-get update && apt-get install -y --allow-unauthenticated curl \\
            && curl -k https://get.example.com/install.sh | bash \\
            && rm -rf /var/lib/apt/lists/*
        ADD http://example.com/tool /usr/local/bin/tool
        USER 1000
        """, must: [.supplyChain], mustNot: [.userRoot, .secretsImage]),
    LabelledCase(name: "heredoc script", dockerfile: """
        FROM alpine:3.20
        RUN <<EOF
        set -e
        apk add --no-cache curl=8.9.1-r0
        wget --no-check-certificate -O /tmp/x https://example.com/x
        chmod 777 /srv
        EOF
        USER 1000
        """, must: [.supplyChain, .imagePermissions], mustNot: [.userRoot, .secretsImage]),
    LabelledCase(name: "build stage root is fine", dockerfile: """
        FROM maven:3.9-eclipse-temurin-21 AS build
        USER root
        RUN mvn -B package
        FROM eclipse-temurin:21-jre
        RUN groupadd -r app && useradd -r -g app app
        COPY --from=build /target/app.jar /app.jar
        USER app
        HEALTHCHECK CMD ["java", "-version"]
        ENTRYPOINT ["java", "-jar", "/app.jar"]
        """, must: [], mustNot: [.userRoot, .imagePinning, .secretsImage, .supplyChain]),
    LabelledCase(name: "final stage inherits root from a stage", dockerfile: """
        FROM ubuntu:24.04 AS base
        RUN useradd app
        FROM base AS final
        USER root
        CMD ["bash"]
        """, must: [.userRoot], mustNot: [.imagePinning]),
    LabelledCase(name: "ssh server image", dockerfile: """
        FROM ubuntu:24.04
        RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/* \\
            && echo 'root:root' | chpasswd
        EXPOSE 22
        CMD ["/usr/sbin/sshd", "-D"]
        """, must: [.networkExposure, .imageMinimal, .userRoot, .secretsImage], mustNot: [.imagePinning]),
    LabelledCase(name: "ARG-resolved base", dockerfile: """
        ARG PYTHON_VERSION=3.12.7
        FROM python:${PYTHON_VERSION}-slim-bookworm
        USER 1000
        """, must: [], mustNot: [.imagePinning, .userRoot]),
    LabelledCase(name: "ARG base with latest default", dockerfile: """
        ARG BASE_IMAGE=nginx:latest
        FROM ${BASE_IMAGE}
        USER 101
        """, must: [.imagePinning], mustNot: [.userRoot]),
    LabelledCase(name: "windows image", dockerfile: """
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
        RUN Invoke-WebRequest https://example.com/x.msi -OutFile x.msi ; `
            Start-Process msiexec -Wait
        CMD powershell -File run.ps1
        """, must: [], mustNot: [.userRoot, .supplyChain, .buildHygiene]),
    LabelledCase(name: "TLS off through environment", dockerfile: """
        FROM node:22.11-alpine
        ENV NODE_TLS_REJECT_UNAUTHORIZED=0
        RUN npm config set strict-ssl false && npm ci
        USER node
        """, must: [.supplyChain], mustNot: [.userRoot, .secretsImage]),
    LabelledCase(name: "engine socket volume and world-writable", dockerfile: """
        FROM docker:27.3-cli
        VOLUME /var/run/docker.sock
        RUN chmod -R 0777 /opt
        USER 1000
        """, must: [.runtimeHostMounts, .imagePermissions], mustNot: [.userRoot]),
    LabelledCase(name: "token in RUN url", dockerfile: """
        FROM alpine:3.20
        RUN git clone https://oauth2:glpat-abcdefghij0123456789@gitlab.example.com/acme/app.git /src
        USER 1000
        """, must: [.secretsImage], mustNot: [.userRoot]),
    LabelledCase(name: "local package repo like official images", dockerfile: """
        FROM debian:12-slim
        RUN set -eux; tempDir="$(mktemp -d)"; cd "$tempDir"; dpkg-scanpackages . > Packages; \\
            echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list; \\
            apt-get -o Acquire::GzipIndexes=false update; rm -rf /var/lib/apt/lists/*
        USER 999
        """, must: [], mustNot: [.supplyChain, .userRoot, .secretsImage]),
]

@Suite("Labelled cases (by control)")
struct LabelledTests {
    @Test(arguments: labelledCases)
    func controlsMatchLabels(_ c: LabelledCase) {
        let model = DockerfileParser.parse(c.dockerfile, path: "Dockerfile")
        #expect(model.errors.isEmpty, "\(model.errors)")
        let findings = RuleCatalog.check(model)
        var all = Set<Control>(), serious = Set<Control>()
        for f in findings {
            let controls = RuleCatalog.description(for: f.ruleID)!.controls
            all.formUnion(controls)
            if f.severity >= .medium { serious.formUnion(controls) }
        }
        let missed = c.must.subtracting(all)
        let falseAlarms = c.mustNot.intersection(serious)
        #expect(missed.isEmpty, "missed \(missed.map(\.rawValue).sorted()): \(findings.map { "\($0.ruleID)@\($0.location.line)" })")
        #expect(falseAlarms.isEmpty, "false alarm \(falseAlarms.map(\.rawValue).sorted()): \(findings.filter { $0.severity >= .medium }.map { "\($0.ruleID)@\($0.location.line) \($0.message)" })")
    }
}
