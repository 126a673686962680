package org.kycorchestrator.ingress.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * The merchant API's envelope: {@code {"success":true,"data":...}} or
 * {@code {"success":false,"errors":[{"code":"lower_snake","message":"..."}]}}.
 */
public final class Envelope {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    public static void success(final Context ctx, final int status, final Object data) {
        write(ctx, status, successBody(data));
    }

    public static void error(final Context ctx, final ApiError error) {
        write(ctx, error.status(), errorBody(error));
    }

    /** The bytes of a success envelope, for an answer that is kept to be given again. */
    public static byte[] successBody(final Object data) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("data", data);
        return json(body);
    }

    /** The bytes of an error envelope, for an answer that is kept to be given again. */
    public static byte[] errorBody(final ApiError error) {
        final List<Map<String, String>> errors = error.problems().stream()
                .map(p -> {
                    final Map<String, String> problem = new LinkedHashMap<>();
                    problem.put("code", p.code());
                    problem.put("message", p.message());
                    return problem;
                })
                .toList();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("errors", errors);
        return json(body);
    }

    /** Answers with an envelope made before. */
    public static void write(final Context ctx, final int status, final byte[] envelope) {
        ctx.status(status).contentType("application/json").result(envelope);
    }

    private static byte[] json(final Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response", e);
        }
    }
}
