import BulkheadCore
import BulkheadModel

/// What image rules share: where package test fixtures live, the setuid programs distributions ship, and
/// the tools an attacker looks for first.
enum ImageFacts {
    /// Directories of installed language packages.
    static let packageRoots = ["site-packages/", "dist-packages/", "node_modules/", "/gems/", "vendor/", "go/pkg/mod/", ".m2/repository/",
                               "usr/share/", "usr/lib/jvm/", ".cargo/registry/"]
    /// Directory names that hold test data in those packages.
    static let testDirs: Set<Substring> = ["test", "tests", "testdata", "testing", "fixtures", "fixture", "spec", "specs", "examples",
                                           "example", "__tests__", "test_data", "testcases", "samples", "doc", "docs"]

    /// True for a file of an installed language package or the distribution's shared data.
    static func isInstalledPackage(_ path: String) -> Bool { packageRoots.contains { path.contains($0) } || path.hasPrefix("usr/lib/") }

    /// True for a file inside an installed package's tests, examples or docs (keys there are sample data).
    static func isPackageFixture(_ path: String) -> Bool {
        guard packageRoots.contains(where: { path.contains($0) }) else { return false }
        return path.split(separator: "/").dropLast().contains { testDirs.contains($0.lowercased()[...]) }
    }

    /// setuid/setgid programs that Debian, Ubuntu, Alpine, Fedora/RHEL and Amazon Linux install in their own
    /// base images: reported only as an inventory, never as something added.
    static let distributionSetuid: Set<String> = [
        "bin/su", "bin/mount", "bin/umount", "bin/ping", "bin/ping6", "bin/fusermount", "bin/fusermount3",
        "usr/bin/su", "usr/bin/mount", "usr/bin/umount", "usr/bin/passwd", "usr/bin/chsh", "usr/bin/chfn", "usr/bin/gpasswd",
        "usr/bin/newgrp", "usr/bin/chage", "usr/bin/expiry", "usr/bin/wall", "usr/bin/write", "usr/bin/ssh-agent", "usr/bin/crontab",
        "usr/bin/ping", "usr/bin/fusermount", "usr/bin/fusermount3", "usr/bin/newuidmap", "usr/bin/newgidmap", "usr/bin/bsd-write",
        "usr/bin/dotlockfile", "usr/bin/at", "usr/bin/mlocate", "usr/bin/locate", "usr/bin/staprun",
        "usr/sbin/unix_chkpwd", "sbin/unix_chkpwd", "usr/sbin/pam_timestamp_check", "sbin/pam_timestamp_check", "usr/sbin/userhelper",
        "usr/lib/openssh/ssh-keysign", "usr/libexec/openssh/ssh-keysign", "usr/lib/dbus-1.0/dbus-daemon-launch-helper",
        "usr/libexec/dbus-1/dbus-daemon-launch-helper", "usr/lib/eject/dmcrypt-get-device", "usr/bin/mount.cifs",
        "usr/sbin/mount.nfs", "sbin/mount.nfs", "usr/lib/x86_64-linux-gnu/utempter/utempter", "usr/libexec/utempter/utempter",
        "usr/bin/expiry", "usr/sbin/postdrop", "usr/sbin/postqueue", "usr/bin/bwrap", "bin/bbsuid",
    ]

    /// Programs that turn a foothold into more: shells, package managers, compilers, network tools, debuggers.
    static let shells = ["bin/sh", "bin/bash", "bin/dash", "bin/ash", "bin/zsh", "bin/ksh", "bin/busybox", "usr/bin/bash", "usr/bin/sh", "usr/bin/zsh", "usr/bin/dash"]
    static let packageManagers = ["usr/bin/apt", "usr/bin/apt-get", "usr/bin/dpkg", "sbin/apk", "usr/bin/yum", "usr/bin/dnf", "usr/bin/microdnf",
                                  "usr/bin/rpm", "bin/rpm", "usr/bin/zypper", "usr/bin/pip", "usr/bin/pip3", "usr/local/bin/pip", "usr/local/bin/pip3",
                                  "usr/bin/npm", "usr/local/bin/npm", "usr/bin/gem", "usr/local/bin/gem", "usr/bin/tdnf"]
    static let compilers = ["usr/bin/gcc", "usr/bin/cc", "usr/bin/g++", "usr/bin/clang", "usr/bin/make", "usr/local/go/bin/go", "usr/bin/go",
                            "usr/bin/rustc", "usr/local/cargo/bin/rustc", "usr/bin/as", "usr/bin/ld"]
    static let networkTools = ["usr/bin/curl", "usr/bin/wget", "bin/nc", "usr/bin/nc", "bin/netcat", "usr/bin/netcat", "usr/bin/ncat",
                               "usr/bin/socat", "usr/bin/telnet", "usr/bin/ftp", "usr/bin/ssh", "usr/bin/scp", "usr/bin/nmap", "usr/bin/tcpdump"]
    static let debuggers = ["usr/bin/gdb", "usr/bin/strace", "usr/bin/ltrace", "usr/bin/perf"]
    static let sshServers = ["usr/sbin/sshd", "usr/sbin/dropbear"]

    /// The names of `paths` present in the image (following symlinks inside it), as absolute paths.
    static func present(_ paths: [String], in image: ImageModel) -> [String] {
        var seen = Set<String>()
        return paths.filter { p in
            guard let f = image.resolve(p), f.type == .file || f.type == .hardlink else { return false }
            // /bin/sh and /usr/bin/sh on a merged-/usr image are one program
            let last = Paths.lastComponent(p)
            return seen.insert(last).inserted
        }.map { "/" + $0 }
    }
}
