package io.relay4j.simulator.internal;

import java.util.Map;

/**
 * A complete non-200 answer: status, content type, extra headers and body.
 *
 * @param status      HTTP status
 * @param contentType the {@code content-type} header
 * @param headers     other headers, in order
 * @param body        the body text
 */
record ErrorReply(int status, String contentType, Map<String, String> headers, String body) {

    /** The 502 page a reverse proxy shows when the vendor behind it is unreachable. */
    public static ErrorReply proxyBadGateway() {
        return new ErrorReply(502, "text/html", Map.of("server", "nginx"),
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                        + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }
}
