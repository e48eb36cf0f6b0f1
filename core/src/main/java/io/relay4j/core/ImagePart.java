package io.relay4j.core;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image in a user message or a tool result: either its bytes with a media type, sent inline (base64), or an
 * {@code http(s)} URL the vendor fetches. Inline images work on every vendor; a URL works where the vendor fetches
 * URLs. A {@code data:} URL given to {@link #url(String)} is read as inline bytes.
 *
 * <p>Immutable: the bytes are copied in and out. {@link #toString()} shows the media type and size, never the bytes
 * or the URL's query (it may hold a signed token).
 */
public final class ImagePart implements ContentPart {

    /** {@code image/} and a subtype token: no parameters, no spaces, which vendors refuse. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("image/[a-z0-9][a-z0-9.+-]*");

    private final byte[] data;
    private final Optional<String> mediaType;
    private final Optional<URI> url;
    /** Computed on first use; a benign race may compute it twice, with the same result. */
    private volatile String base64;

    private ImagePart(byte[] data, Optional<String> mediaType, Optional<URI> url) {
        this.data = data;
        this.mediaType = mediaType;
        this.url = url;
    }

    /**
     * An inline image.
     *
     * @param data      the encoded image (PNG, JPEG, GIF, WEBP, HEIC ...), not empty
     * @param mediaType its media type, such as {@code image/png}
     */
    public static ImagePart of(byte[] data, String mediaType) {
        Objects.requireNonNull(data, "image data must not be null");
        if (data.length == 0) {
            throw new IllegalArgumentException("image data must not be empty");
        }
        return new ImagePart(data.clone(), Optional.of(checkedMediaType(mediaType)), Optional.empty());
    }

    /** An inline image given as base64 text (without a {@code data:} prefix). */
    public static ImagePart ofBase64(String base64, String mediaType) {
        Objects.requireNonNull(base64, "base64 must not be null");
        byte[] data;
        try {
            data = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image base64 is not valid base64", e);
        }
        return of(data, mediaType);
    }

    /**
     * An image at a URL: {@code https://} or {@code http://}, fetched by the vendor; or a
     * {@code data:<media type>;base64,<data>} URL, which becomes an inline image.
     */
    public static ImagePart url(String url) {
        Objects.requireNonNull(url, "image url must not be null");
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            int marker = url.indexOf(";base64");
            if (comma < 0 || marker < 0 || marker > comma) {
                throw new IllegalArgumentException("an image data URL must be data:<media type>;base64,<data>");
            }
            String mediaType = url.substring(5, marker);
            int parameters = mediaType.indexOf(';');
            // data:image/png;charset=utf-8;base64,... : the vendors take the bare media type
            return ofBase64(url.substring(comma + 1),
                    parameters < 0 ? mediaType : mediaType.substring(0, parameters));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image url is not a valid URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("an image url must be an http(s) URL with a host, or a data: URL");
        }
        return new ImagePart(new byte[0], Optional.empty(), Optional.of(uri));
    }

    private static String checkedMediaType(String mediaType) {
        Objects.requireNonNull(mediaType, "mediaType must not be null");
        String type = mediaType.strip().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("mediaType must be an image type such as image/png, got '"
                    + mediaType + "'");
        }
        return type;
    }

    /** True for an inline image (bytes), false for a URL. */
    public boolean isInline() {
        return url.isEmpty();
    }

    /** A copy of the inline image's bytes (empty for a URL image). */
    public byte[] data() {
        return data.clone();
    }

    /** The inline image's size in bytes (0 for a URL image). */
    public int size() {
        return data.length;
    }

    /** The inline image as base64 (empty text for a URL image). */
    public String base64() {
        String b = base64;
        if (b == null) {
            b = Base64.getEncoder().encodeToString(data);
            base64 = b;
        }
        return b;
    }

    /** The inline image's media type, such as {@code image/png}; empty for a URL image. */
    public Optional<String> mediaType() {
        return mediaType;
    }

    /** The URL of a URL image. */
    public Optional<URI> url() {
        return url;
    }

    @Override
    public Kind kind() {
        return Kind.IMAGE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePart other && Arrays.equals(data, other.data) && mediaType.equals(other.mediaType)
                && url.equals(other.url);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Objects.hash(mediaType, url);
    }

    @Override
    public String toString() {
        return url.map(u -> "ImagePart[url=" + u.getScheme() + "://" + u.getHost() + "]")
                .orElseGet(() -> "ImagePart[mediaType=" + mediaType.orElse("") + ", bytes=" + data.length + "]");
    }
}
