package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a created key pair's private key lands on disk, and with which modes. */
class KeyPairFilesTest {

    private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----";

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "owner-only modes are POSIX");
    }

    @Test
    void writeOwnerOnly_whenSshFolderIsMissing_createsIt700AndTheKey600() throws Exception {
        Path ssh = tmp.resolve(".ssh");

        KeyPairHandler.writeOwnerOnly(ssh.resolve("demo-key.pem"), KEY);

        assertThat(mode(ssh)).isEqualTo("rwx------");
        assertThat(mode(ssh.resolve("demo-key.pem"))).isEqualTo("rw-------");
        assertThat(ssh.resolve("demo-key.pem")).hasContent(KEY);
    }

    @Test
    void writeOwnerOnly_whenSshFolderExists_leavesItsModeAsTheUserSetIt() throws Exception {
        Path ssh = Files.createDirectory(tmp.resolve(".ssh"));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-x---"));

        KeyPairHandler.writeOwnerOnly(ssh.resolve("demo-key.pem"), KEY);

        assertThat(mode(ssh)).isEqualTo("rwxr-x---");
        assertThat(mode(ssh.resolve("demo-key.pem"))).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
