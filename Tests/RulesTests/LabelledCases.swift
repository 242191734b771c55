import BulkheadCore
import BulkheadTesting
import Testing

// Realistic inputs labelled by hand with the controls that must and must not be reported (at medium severity
// or above for `mustNot`, any severity for `must`), judged by the one harness in BulkheadTesting through the
// whole pipeline.

let dockerfileCases: [LabelledCase] = [
    LabelledCase("hardened multi-stage go", .dockerfile, """
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
    LabelledCase("classic root node app", .dockerfile, """
        FROM node:latest
        WORKDIR /usr/src/app
        COPY package*.json ./
        RUN npm install
        COPY . .
        EXPOSE 3000
        CMD npm start
        """, must: [.userRoot, .imagePinning, .imageHealthcheck], mustNot: [.secretsImage, .supplyChain, .networkExposure]),
    LabelledCase("secrets everywhere", .dockerfile, """
        FROM python:3.12-slim
        ARG PIP_INDEX_TOKEN
        ENV DATABASE_URL=postgres://app:s3cretpw@db:5432/app
        ENV DJANGO_SECRET_KEY=django-insecure-abc123
        COPY id_rsa /root/.ssh/id_rsa
        RUN pip install --no-cache-dir -r requirements.txt
        USER 1000
        """, must: [.secretsImage], mustNot: [.userRoot]),
    LabelledCase("secret handled properly", .dockerfile, """
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
    LabelledCase("insecure supply chain", .dockerfile, """
        FROM debian:12
        RUN apt-get update && apt-get install -y --allow-unauthenticated curl \\
            && curl -k https://get.example.com/install.sh | bash \\
            && rm -rf /var/lib/apt/lists/*
        ADD http://example.com/tool /usr/local/bin/tool
        USER 1000
        """, must: [.supplyChain], mustNot: [.userRoot, .secretsImage]),
    LabelledCase("heredoc script", .dockerfile, """
        FROM alpine:3.20
        RUN <<EOF
        set -e
        apk add --no-cache curl=8.9.1-r0
        wget --no-check-certificate -O /tmp/x https://example.com/x
        chmod 777 /srv
        EOF
        USER 1000
        """, must: [.supplyChain, .imagePermissions], mustNot: [.userRoot, .secretsImage]),
    LabelledCase("build stage root is fine", .dockerfile, """
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
    LabelledCase("final stage inherits root from a stage", .dockerfile, """
        FROM ubuntu:24.04 AS base
        RUN useradd app
        FROM base AS final
        USER root
        CMD ["bash"]
        """, must: [.userRoot], mustNot: [.imagePinning]),
    LabelledCase("ssh server image", .dockerfile, """
        FROM ubuntu:24.04
        RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/* \\
            && echo 'root:root' | chpasswd
        EXPOSE 22
        CMD ["/usr/sbin/sshd", "-D"]
        """, must: [.networkExposure, .imageMinimal, .userRoot, .secretsImage], mustNot: [.imagePinning]),
    LabelledCase("ARG-resolved base", .dockerfile, """
        ARG PYTHON_VERSION=3.12.7
        FROM python:${PYTHON_VERSION}-slim-bookworm
        USER 1000
        """, must: [], mustNot: [.imagePinning, .userRoot]),
    LabelledCase("ARG base with latest default", .dockerfile, """
        ARG BASE_IMAGE=nginx:latest
        FROM ${BASE_IMAGE}
        USER 101
        """, must: [.imagePinning], mustNot: [.userRoot]),
    LabelledCase("windows image", .dockerfile, """
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
        RUN Invoke-WebRequest https://example.com/x.msi -OutFile x.msi ; `
            Start-Process msiexec -Wait
        CMD powershell -File run.ps1
        """, must: [.supplyChain], mustNot: [.userRoot, .buildHygiene]),  // an installer downloaded and run unverified (issue 11: DF086)
    LabelledCase("windows image, installer checked", .dockerfile, """
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
        RUN Invoke-WebRequest https://example.com/x.msi -OutFile x.msi ; `
            if ((Get-FileHash x.msi).Hash -ne $env:X_SHA256) { exit 1 } ; `
            Start-Process msiexec -Wait
        CMD powershell -File run.ps1
        """, must: [], mustNot: [.userRoot, .supplyChain, .buildHygiene]),
    LabelledCase("TLS off through environment", .dockerfile, """
        FROM node:22.11-alpine
        ENV NODE_TLS_REJECT_UNAUTHORIZED=0
        RUN npm config set strict-ssl false && npm ci
        USER node
        """, must: [.supplyChain], mustNot: [.userRoot, .secretsImage]),
    LabelledCase("engine socket volume and world-writable", .dockerfile, """
        FROM docker:27.3-cli
        VOLUME /var/run/docker.sock
        RUN chmod -R 0777 /opt
        USER 1000
        """, must: [.runtimeHostMounts, .imagePermissions], mustNot: [.userRoot]),
    LabelledCase("token in RUN url", .dockerfile, """
        FROM alpine:3.20
        RUN git clone https://oauth2:glpat-abcdefghij0123456789@gitlab.example.com/acme/app.git /src
        USER 1000
        """, must: [.secretsImage], mustNot: [.userRoot]),
    LabelledCase("local package repo like official images", .dockerfile, """
        FROM debian:12-slim
        RUN set -eux; tempDir="$(mktemp -d)"; cd "$tempDir"; dpkg-scanpackages . > Packages; \\
            echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list; \\
            apt-get -o Acquire::GzipIndexes=false update; rm -rf /var/lib/apt/lists/*
        USER 999
        """, must: [], mustNot: [.supplyChain, .userRoot, .secretsImage]),
]

/// Run configurations (Compose) labelled the same way.
let runtimeCases: [LabelledCase] = [
    LabelledCase("hardened service", .compose, """
        services:
          api:
            image: registry.example.com/api:1.4.2@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
            user: "10001:10001"
            read_only: true
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
            ports: ["127.0.0.1:8080:8080"]
            environment:
              DB_PASSWORD_FILE: /run/secrets/db
            secrets: [db]
            deploy: {resources: {limits: {memory: 256M, cpus: "0.5", pids: 100}}}
            tmpfs: [/tmp]
        secrets:
          db: {file: ./db.txt}
        """, must: [], mustNot: Set(Control.allCases)),
    LabelledCase("monitoring agent", .compose, """
        services:
          agent:
            image: monitor/agent:latest
            privileged: true
            pid: host
            network_mode: host
            volumes:
              - /:/rootfs:ro
              - /var/run:/var/run
              - /sys:/sys:ro
        """, must: [.runtimePrivileged, .runtimeDockerSocket, .runtimeNamespaces, .runtimeHostMounts, .imagePinning],
        mustNot: [.secretsRuntime, .networkExposure]),
    LabelledCase("database exposed with literal password", .compose, """
        services:
          db:
            image: postgres:16.4
            environment:
              POSTGRES_PASSWORD: changeme123
            ports:
              - "5432:5432"
        """, must: [.secretsRuntime, .networkExposure], mustNot: [.runtimePrivileged, .runtimeDockerSocket, .imagePinning, .runtimeHostMounts]),
    LabelledCase("vpn with tun device", .compose, """
        services:
          vpn:
            image: vpn/client:2.1
            cap_add: [NET_ADMIN]
            devices: ["/dev/net/tun:/dev/net/tun"]
            sysctls: {net.ipv4.conf.all.src_valid_mark: 1}
        """, must: [.runtimeCapabilities], mustNot: [.runtimePrivileged, .runtimeDevices, .runtimeDockerSocket]),
    LabelledCase("debug container", .compose, """
        services:
          debug:
            image: debug:1.0
            cap_add: [SYS_PTRACE]
            security_opt: [seccomp=unconfined, apparmor=unconfined]
            pid: host
        """, must: [.runtimeCapabilities, .runtimeSeccomp, .runtimeMAC, .runtimeNamespaces], mustNot: [.runtimeDockerSocket, .secretsRuntime]),
    LabelledCase("web with interpolated secrets", .compose, """
        services:
          web:
            image: web:${TAG:-1.2.3}
            environment:
              - SECRET_KEY=${SECRET_KEY}
              - DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app
              - LOG_LEVEL=info
            ports: ["80:8080", "443:8443"]
        """, must: [.networkExposure], mustNot: [.secretsRuntime, .imagePinning, .runtimePrivileged]),
]

@Suite("Labelled cases (by control)")
struct LabelledTests {
    @Test(arguments: dockerfileCases + runtimeCases)
    func controlsMatchLabels(_ c: LabelledCase) {
        let problems = c.judge()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
