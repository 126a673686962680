package org.kycorchestrator.ingress.openapi;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request and the answer it got, as far as the OpenAPI contract is concerned.
 *
 * @param method  the request's method, e.g. {@code POST}
 * @param route   the route the server matched, as registered ({@code /v1/customers/{id}/kyc}), or
 *                null when it is not known (recorded by a client) or none matched
 * @param path    the path the request was sent to, without its query
 * @param status  the answer's status
 * @param headers the answer's headers, names in lower case
 * @param body    the answer's body, empty when it had none
 */
public record Exchange(String method, String route, String path, int status, Map<String, String> headers, String body) {

    public Exchange {
        Objects.requireNonNull(method, "method cannot be null");
        Objects.requireNonNull(path, "path cannot be null");
        final Map<String, String> lowerCase = new TreeMap<>();
        Objects.requireNonNull(headers, "headers cannot be null")
                .forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCase);
        body = body == null ? "" : body;
    }

    public String header(final String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** How the exchange is named in a failure: method, path and status. */
    public String title() {
        return method + " " + path + " -> " + status;
    }
}
