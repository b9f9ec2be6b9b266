package dev.cairn.sandbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.RequestBody;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces under the REST protocols: aws-chunked decoding, checksums, routes, S3 addressing. */
class WireDecodingTest {
    @TempDir
    Path spool;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void awsChunked_withSignedChunksAndTrailer_decodesDataAndKeepsTrailers() throws Exception {
        byte[] expected = ascii("hello, wire");
        Checksums.Digest crc = Checksums.of("crc32");
        crc.update(expected, 0, expected.length);
        byte[] wire = ascii("5;chunk-signature=aaaa\r\nhello\r\n6;chunk-signature=bbbb\r\n, wire\r\n"
                + "0;chunk-signature=cccc\r\nx-amz-checksum-crc32:" + crc.base64() + "\r\n"
                + "x-amz-trailer-signature:dddd\r\n\r\n");

        RequestReader.Decoded d = RequestReader.read(new ByteArrayInputStream(wire), Map.of("content-encoding",
                "aws-chunked", "x-amz-trailer", "x-amz-checksum-crc32",
                "x-amz-decoded-content-length", "11"), 1024, () -> spool);

        assertThat(d.body().bytes()).isEqualTo(expected);
        assertThat(d.headers()).containsEntry("x-amz-checksum-crc32", crc.base64())
                .containsEntry("x-amz-trailer-signature", "dddd");
    }

    @Test
    void awsChunked_whenTruncatedOrLengthWrong_isIncompleteBody() {
        Map<String, String> headers = Map.of("content-encoding", "aws-chunked", "x-amz-decoded-content-length", "9");
        assertThatThrownBy(() -> RequestReader.read(new ByteArrayInputStream(ascii("a\r\nhel")), headers, 1024, () -> spool))
                .isInstanceOf(AwsException.class).extracting(e -> ((AwsException) e).code()).isEqualTo("IncompleteBody");
        assertThatThrownBy(() -> RequestReader.read(new ByteArrayInputStream(ascii("3\r\nabc\r\n0\r\n\r\n")), headers,
                1024, () -> spool)).isInstanceOf(AwsException.class).hasMessageContaining("x-amz-decoded-content-length");
    }

    @Test
    void read_whenOverTheLimit_throwsInsteadOfCutting() {
        assertThatThrownBy(() -> RequestReader.read(new ByteArrayInputStream(new byte[2049]), Map.of(), 2048, () -> spool))
                .isInstanceOf(RequestBody.TooLargeException.class);
    }

    @Test
    void read_whenContentMd5Wrong_isBadDigest() {
        assertThatThrownBy(() -> RequestReader.read(new ByteArrayInputStream(ascii("body")),
                Map.of("content-md5", "AAAAAAAAAAAAAAAAAAAAAA=="), 1024, () -> spool))
                .isInstanceOf(AwsException.class).hasMessageContaining("Content-MD5");
    }

    @Test
    void crc64Nvme_ofTheStandardCheckString_isTheCatalogueValue() {
        Checksums.Crc64Nvme crc = new Checksums.Crc64Nvme();
        byte[] check = ascii("123456789");
        crc.update(check, 0, check.length);
        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    @Test
    void match_withLabelsAndGreedyLabel_decodesSegmentsAndKeepsSlashes() {
        assertThat(RestProtocol.match("/{Bucket}/{Key+}", "/b/dir/a%2Bb%20c/")).containsEntry("Bucket", "b")
                .containsEntry("Key", "dir/a+b c/");
        assertThat(RestProtocol.match("/{Bucket}", "/b/")).containsEntry("Bucket", "b");
        assertThat(RestProtocol.match("/{Bucket}", "/b/k")).isNull();
        assertThat(RestProtocol.match("/2015-03-31/functions/", "/2015-03-31/functions/")).isEmpty();
    }

    @Test
    void pathStyle_whenBucketIsInTheHost_movesItIntoThePath() {
        HttpRequest virtual = new HttpRequest("GET", "/k.txt", null, Map.of("host", "my.bucket.localhost:4566"),
                RequestBody.empty());
        HttpRequest aws = new HttpRequest("GET", "/k", null, Map.of("host", "b.s3.ap-northeast-2.amazonaws.com"),
                RequestBody.empty());
        HttpRequest ip = new HttpRequest("GET", "/b/k", null, Map.of("host", "127.0.0.1:4566"), RequestBody.empty());

        assertThat(RestProtocol.pathStyle(virtual).path()).isEqualTo("/my.bucket/k.txt");
        assertThat(RestProtocol.pathStyle(aws).path()).isEqualTo("/b/k");
        assertThat(RestProtocol.pathStyle(ip).path()).isEqualTo("/b/k");
    }
}
