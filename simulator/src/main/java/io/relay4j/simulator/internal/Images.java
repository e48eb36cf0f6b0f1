package io.relay4j.simulator.internal;

import java.util.Base64;
import java.util.Set;

/** The image checks vendors apply before a model sees an image: an accepted media type and base64 that decodes. */
final class Images {

    static final Set<String> OPENAI_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/gif");
    static final Set<String> ANTHROPIC_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    static final Set<String> GEMINI_TYPES = Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");

    private Images() {
    }

    /** Whether {@code data} is non-empty standard base64 (MIME line breaks allowed, as decoders accept them). */
    static boolean decodes(String data) {
        if (data.isBlank()) {
            return false;
        }
        try {
            Base64.getMimeDecoder().decode(data);
            return data.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '='
                    || c == '\r' || c == '\n');
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code url} is an http(s) URL a vendor would fetch. */
    static boolean isWebUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }
}
