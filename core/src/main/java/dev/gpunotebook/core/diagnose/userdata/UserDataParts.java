package dev.gpunotebook.core.diagnose.userdata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks user data into the documents cloud-init would act on: gzip (by its magic bytes), MIME
 * multi-part archives (nested, with base64 or quoted-printable transfer encoding) and single
 * documents recognised by their first line.
 */
final class UserDataParts {
    private static final int MAX_BYTES = 1 << 20;

    private final List<UserDataPart> parts = new ArrayList<>();
    private final List<String> notes;

    private UserDataParts(List<String> notes) {
        this.notes = notes;
    }

    static List<UserDataPart> split(byte[] bytes, List<String> notes) {
        UserDataParts splitter = new UserDataParts(notes);
        splitter.document(bytes, "user data", null, 0);
        return splitter.parts;
    }

    private void document(byte[] bytes, String label, String contentType, int depth) {
        if (depth > 5) {
            notes.add(label + ": nested too deeply; not read");
            return;
        }
        if (isGzip(bytes)) {
            try {
                document(gunzip(bytes), label + " (gzip)", contentType, depth + 1);
            } catch (IOException e) {
                notes.add(label + ": gzip data that cannot be unpacked (" + e.getMessage() + ")");
            }
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (looksLikeMime(text)) {
            mime(text, label, depth);
            return;
        }
        parts.add(classify(text, label, contentType));
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] out = in.readNBytes(MAX_BYTES + 1);
            if (out.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes unpacked");
            }
            return out;
        }
    }

    static byte[] gunzipOrSame(byte[] bytes) throws IOException {
        return isGzip(bytes) ? gunzip(bytes) : bytes;
    }

    private static boolean looksLikeMime(String text) {
        String head = text.stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("content-type:") || head.startsWith("mime-version:");
    }

    private void mime(String text, String label, int depth) {
        String normalised = text.replace("\r\n", "\n");
        int blank = normalised.indexOf("\n\n");
        String headerText = blank < 0 ? normalised : normalised.substring(0, blank);
        String body = blank < 0 ? "" : normalised.substring(blank + 2);
        Map<String, String> headers = headers(headerText);
        String contentType = headers.getOrDefault("content-type", "text/plain");
        String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.startsWith("multipart/")) {
            part(headers, body, label, depth);
            return;
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null) {
            notes.add(label + ": multipart user data without a boundary; not read");
            return;
        }
        String delimiter = "--" + boundary;
        List<String> sections = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            if (line.strip().equals(delimiter + "--")) {
                break;
            }
            if (line.strip().equals(delimiter)) {
                if (current != null) {
                    sections.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.add(current.toString());
        }
        for (int i = 0; i < sections.size(); i++) {
            String section = sections.get(i);
            int end = section.indexOf("\n\n");
            Map<String, String> partHeaders = headers(end < 0 ? section : section.substring(0, end));
            String partBody = end < 0 ? "" : section.substring(end + 2);
            String type = partHeaders.getOrDefault("content-type", "text/plain").split(";")[0].strip();
            part(partHeaders, partBody, label + " MIME part " + (i + 1) + " (" + type + ")", depth + 1);
        }
    }

    private void part(Map<String, String> headers, String body, String label, int depth) {
        String encoding = headers.getOrDefault("content-transfer-encoding", "7bit").strip().toLowerCase(Locale.ROOT);
        String contentType = headers.getOrDefault("content-type", "text/plain").split(";")[0].strip()
                .toLowerCase(Locale.ROOT);
        byte[] bytes;
        try {
            bytes = switch (encoding) {
                case "base64" -> Base64.getMimeDecoder().decode(body.strip());
                case "quoted-printable" -> quotedPrintable(body);
                default -> body.getBytes(StandardCharsets.UTF_8);
            };
        } catch (IllegalArgumentException e) {
            notes.add(label + ": " + encoding + " content that cannot be decoded");
            return;
        }
        if (contentType.startsWith("multipart/")) {
            String nested = "Content-Type: " + headers.get("content-type") + "\n\n"
                    + new String(bytes, StandardCharsets.UTF_8);
            mime(nested, label, depth + 1);
            return;
        }
        document(bytes, label, contentType, depth + 1);
    }

    private static UserDataPart classify(String text, String label, String contentType) {
        String firstLine = text.stripLeading().lines().findFirst().orElse("").strip();
        if (firstLine.startsWith("## template:")) {
            String rest = text.stripLeading();
            int newline = rest.indexOf('\n');
            return classify(newline < 0 ? "" : rest.substring(newline + 1), label, contentType);
        }
        String type = contentType == null ? "" : contentType;
        if (type.equals("text/x-shellscript") || type.startsWith("text/x-shellscript-per") || firstLine.startsWith("#!")) {
            return new UserDataPart(UserDataPart.Kind.SHELL_SCRIPT, text, label);
        }
        if (type.equals("text/cloud-config") || type.equals("text/cloud-config-archive")
                || firstLine.startsWith("#cloud-config")) {
            return new UserDataPart(UserDataPart.Kind.CLOUD_CONFIG, text, label);
        }
        if (type.equals("text/cloud-boothook") || firstLine.startsWith("#cloud-boothook")) {
            return new UserDataPart(UserDataPart.Kind.BOOTHOOK, text, label);
        }
        if (type.startsWith("text/x-include") || firstLine.startsWith("#include")) {
            return new UserDataPart(UserDataPart.Kind.REMOTE, text, label);
        }
        if (text.lines().anyMatch(line -> line.strip().startsWith("[settings"))) {
            return new UserDataPart(UserDataPart.Kind.BOTTLEROCKET_TOML, text, label);
        }
        return new UserDataPart(UserDataPart.Kind.NOT_RUN, text, label);
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
                headers.merge(last, " " + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                headers.put(last, line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String parameter(String headerValue, String name) {
        for (String piece : headerValue.split(";")) {
            String[] pair = piece.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase(name)) {
                String value = pair[1].strip();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static byte[] quotedPrintable(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String joined = body.replace("=\n", "");
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length()) {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(encoded, 0, encoded.length);
            }
        }
        return out.toByteArray();
    }
}
