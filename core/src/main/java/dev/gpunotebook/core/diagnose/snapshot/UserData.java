package dev.gpunotebook.core.diagnose.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The user data of an instance as bytes (EC2 DescribeInstanceAttribute attribute userData,
 * base64-decoded). Kept as bytes because people gzip it; the parser in
 * {@code diagnose.userdata} unpacks it.
 */
public final class UserData {
    private final byte[] bytes;

    private UserData(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static UserData of(byte[] bytes) {
        return new UserData(Validate.nonNull(bytes, "bytes"));
    }

    public static UserData ofText(String text) {
        return new UserData(Validate.nonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** What DescribeInstanceAttribute returns: the user data base64-encoded. */
    public static UserData fromBase64(String base64) {
        return new UserData(Base64.getMimeDecoder().decode(Validate.nonNull(base64, "base64")));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserData that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "UserData[" + bytes.length + " bytes]";
    }
}
