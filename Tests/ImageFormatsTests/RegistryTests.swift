import BulkheadModel
@testable import ImageFormats
import Testing

@Suite("Registry references and authentication")
struct RegistryTests {
    @Test func referencesAreReadAsTheEngineReadsThem() throws {
        let a = try #require(RegistryReference.parse("nginx"))
        #expect(a.registry == "docker.io" && a.repository == "library/nginx" && a.tag == "latest" && a.apiHost == "registry-1.docker.io")
        let b = try #require(RegistryReference.parse("registry.example.com:5000/team/app:1.4"))
        #expect(b.registry == "registry.example.com:5000" && b.repository == "team/app" && b.tag == "1.4")
        let c = try #require(RegistryReference.parse("ghcr.io/acme/tool@sha256:" + String(repeating: "a", count: 64)))
        #expect(c.digest?.hasPrefix("sha256:") == true && c.tag == nil)
        let d = try #require(RegistryReference.parse("localhost/app:dev"))
        #expect(d.registry == "localhost")
        #expect(RegistryReference.parse("team/app")?.repository == "team/app")
        for bad in ["", "UPPER/case", "a//b", "/abs"] { #expect(RegistryReference.parse(bad) == nil, "\(bad)") }
    }

    @Test func bearerChallengesAndCredentials() {
        let p = RegistrySession.parameters(#" realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull""#)
        #expect(p["realm"] == "https://auth.docker.io/token" && p["service"] == "registry.docker.io" && p["scope"] == "repository:library/nginx:pull")
        let config = #"{"auths": {"registry.example.com": {"auth": "ZGVwbG95OnMzY3IzdA=="}, "https://index.docker.io/v1/": {"username": "me", "password": "pw"}}}"#
        #expect(RegistrySession.credentials(in: config, registry: "registry.example.com").map { "\($0.0):\($0.1)" } == "deploy:s3cr3t")
        #expect(RegistrySession.credentials(in: config, registry: "docker.io").map { "\($0.0):\($0.1)" } == "me:pw")
        #expect(RegistrySession.credentials(in: config, registry: "other.example.com") == nil)
        #expect(Base64.encode(Array("deploy:s3cr3t".utf8)) == "ZGVwbG95OnMzY3IzdA==")
        #expect(Base64.decode("ZGVwbG95OnMzY3IzdA==") == "deploy:s3cr3t")
    }
}
