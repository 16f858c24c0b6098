package org.telprov.testing;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Walks every operation of the service's own OpenAPI document (and the device paths a subclass names) with hostile path
 * values, query values, bodies and tokens, and holds the service to its standards: no answer is a 5xx, and every 4xx
 * that has a body is {@code application/problem+json}. A service's test extends it with its {@code @QuarkusTest} and
 * test resources.
 */
public abstract class HostileRequestsTest {

    /** Path values: a NUL, too long for any identifier, a traversal, Unicode, invalid UTF-8, a line break. */
    protected static final List<String> HOSTILE_PATH_VALUES = List.of(
            "%00", "a%00b", "x".repeat(1500), "..%2f..%2fetc%2fpasswd", "..", "%C3%BC%E2%98%83%F0%9F%98%80",
            "%ff", "%zz", "%0d%0aX-Injected:%201", "'%20or%201=1--", "%20", "-1");

    /** Query values, sent percent-encoded as they are given here. */
    protected static final List<String> HOSTILE_QUERY_VALUES = List.of(
            "%00", "x".repeat(3000), "..%2f..", "%C3%BC%E2%98%83", "%ff", "-1", "99999999999999999999", "1e9",
            "%0d%0a", "", "true", "null");

    /** JSON bodies: malformed, wrongly typed, huge, unknown fields, deeply nested. */
    protected static final List<String> HOSTILE_BODIES = List.of(
            "{", "[]", "\"text\"", "42", "null", "{\"name\":123,\"mac\":[],\"id\":{}}",
            "{\"unknownField\":1}", "{\"name\":\"" + "x".repeat(200_000) + "\",\"id\":\"\\u0000\"}",
            "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            "{\"name\":\"a\\u0000b\",\"mac\":\"90:1b:0e:56:c7:bc\",\"vendor\":\"\\u0000\",\"model\":\"" + "m".repeat(60)
                    + "\",\"uvc\":\"\\u0000\",\"artifactId\":\"\\u0000\",\"percent\":\"x\",\"labels\":[null,\"\\u0000\"]}");

    /** Each property of an operation's body schema alone, set to one of these (JSON). */
    protected static final List<String> HOSTILE_PROPERTY_VALUES = List.of(
            "\"a\\u0000b\"", "\"" + "x".repeat(100_000) + "\"", "[\"\\u0000\"]", "{\"\\u0000\":\"\\u0000\"}", "-1",
            "1e400");

    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");

    /** The tenant whose token is "the right token", and another one. */
    protected String tenant() {
        return "acme";
    }

    protected String otherTenant() {
        return "globex";
    }

    /**
     * Device-facing paths the OpenAPI document does not list (plain Vert.x routes), as templates with {@code {param}}
     * and, after a {@code ?}, the names of their query parameters: {@code /device/{mac}}, {@code /device?mac}.
     */
    protected List<String> devicePaths() {
        return List.of();
    }

    /** A plausible value for a path parameter, so that each hostile value is tried in one place at a time. */
    protected String plausible(String parameter) {
        return switch (parameter) {
            case "mac" -> "901b0e56c7bc";
            case "uvc", "from", "to" -> "2026-11-23_18:00:00";
            case "id" -> "3f1e4a8c-0000-4000-8000-000000000001";
            default -> "abc";
        };
    }

    @Test
    void noHostileRequestAnswersA5xxOrAnErrorThatIsNotAProblem() {
        JsonPath openapi = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openapi.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        Map<String, Map<String, Object>> schemas = openapi.getMap("components.schemas");
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            if (List.of("get", "put", "post", "patch", "delete", "head").contains(method)) {
                operations.add(Operation.of(path, method, operation, schemas == null ? Map.of() : schemas));
            }
        }));
        for (String path : devicePaths()) {
            int query = path.indexOf('?');
            operations.add(query < 0 ? new Operation(path, "get", List.of(), false, null)
                    : new Operation(path.substring(0, query), "get", List.of(path.substring(query + 1).split(",")),
                    false, null));
        }
        if (operations.isEmpty()) {
            fail("the OpenAPI document lists no operation");
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("another tenant's token", TestTokens.partnerAdmin(otherTenant()));
        tokens.put("a read-only token", TestTokens.partner(tenant(), "partner"));
        tokens.put("the tenant's token", TestTokens.partnerAdmin(tenant()));
        tokens.put("the operator's token", TestTokens.operator());
        List<String> failures = new ArrayList<>();
        for (Operation operation : operations) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                for (String parameter : operation.pathParameters()) {
                    for (String hostile : HOSTILE_PATH_VALUES) {
                        check(failures, token, operation, operation.path(parameter, hostile, this::plausible), null,
                                operation.plausibleBody());
                    }
                }
                String plainPath = operation.path(null, null, this::plausible);
                for (String query : operation.queryParameters()) {
                    for (String hostile : HOSTILE_QUERY_VALUES) {
                        check(failures, token, operation, plainPath, query + "=" + hostile, operation.plausibleBody());
                    }
                }
                if (operation.jsonBody()) {
                    for (String body : HOSTILE_BODIES) {
                        check(failures, token, operation, plainPath, null, body);
                    }
                    for (String property : operation.bodyProperties()) {
                        for (String value : HOSTILE_PROPERTY_VALUES) {
                            check(failures, token, operation, plainPath, null, "{\"" + property + "\":" + value + "}");
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " hostile requests were answered badly:\n" + String.join("\n",
                    failures.subList(0, Math.min(60, failures.size()))));
        }
    }

    private static void check(List<String> failures, Map.Entry<String, String> token, Operation operation,
                              String path, String query, String body) {
        String target = query == null ? path : path + "?" + query;
        Answer answer;
        try {
            answer = send(operation.method().toUpperCase(Locale.ROOT), target, token.getValue(),
                    body == null ? null : operation.jsonBody() ? "application/json" : operation.bodyType(), body);
        } catch (IOException e) {
            failures.add(describe(operation, target, token, body) + " → no answer: " + e);
            return;
        }
        if (answer.status() >= 500) {
            failures.add(describe(operation, target, token, body) + " → " + answer.status() + " "
                    + abbreviate(answer.body()));
        } else if (answer.status() >= 400 && !answer.body().isEmpty()
                && (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json"))) {
            failures.add(describe(operation, target, token, body) + " → " + answer.status() + " as "
                    + answer.contentType() + ": " + abbreviate(answer.body()));
        }
    }

    /** What came back: the status, the Content-Type and the body (de-chunked only as far as telling empty from not). */
    private record Answer(int status, String contentType, String body) {
    }

    /**
     * Sends the request as it is, over a socket: HTTP clients refuse to send what an attacker sends (a malformed
     * escape, a NUL), which is the point here.
     */
    private static Answer send(String method, String target, String token, String contentType, String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 ") || end < 0) {
                throw new IOException("not an HTTP answer: " + abbreviate(answer));
            }
            String headers = answer.substring(0, end);
            String rest = answer.substring(end + 4);
            boolean chunked = headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            String type = headers.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).trim()).findFirst().orElse(null);
            String payload = chunked && rest.startsWith("0\r\n") ? "" : rest;
            return new Answer(Integer.parseInt(answer.substring(9, 12)), type, payload);
        }
    }

    private static String describe(Operation operation, String target, Map.Entry<String, String> token, String body) {
        return operation.method().toUpperCase(Locale.ROOT) + " " + abbreviate(target) + " with "
                + token.getKey() + (body == null ? "" : " and body " + abbreviate(body));
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + ")";
    }

    /** One operation of the document: what it takes where. */
    private record Operation(String template, String method, List<String> queryParameters, boolean jsonBody,
                             String bodyType, List<String> bodyProperties) {

        Operation(String template, String method, List<String> queryParameters, boolean jsonBody, String bodyType) {
            this(template, method, queryParameters, jsonBody, bodyType, List.of());
        }

        @SuppressWarnings("unchecked")
        static Operation of(String template, String method, Map<String, Object> operation,
                            Map<String, Map<String, Object>> schemas) {
            List<String> query = new ArrayList<>();
            Object parameters = operation.get("parameters");
            if (parameters instanceof List<?> list) {
                for (Object parameter : list) {
                    Map<String, Object> p = (Map<String, Object>) parameter;
                    if ("query".equals(p.get("in"))) {
                        query.add((String) p.get("name"));
                    }
                }
            }
            boolean json = false;
            String bodyType = null;
            List<String> properties = new ArrayList<>();
            Object requestBody = operation.get("requestBody");
            if (requestBody instanceof Map<?, ?> rb && rb.get("content") instanceof Map<?, ?> content
                    && !content.isEmpty()) {
                json = content.keySet().stream().anyMatch(type -> String.valueOf(type).contains("json"));
                bodyType = json ? "application/json" : String.valueOf(content.keySet().iterator().next());
                if (json) {
                    Object media = content.entrySet().stream()
                            .filter(e -> String.valueOf(e.getKey()).contains("json")).findFirst().orElseThrow().getValue();
                    properties.addAll(properties(media instanceof Map<?, ?> m ? m.get("schema") : null, schemas));
                }
            }
            return new Operation(template, method, query, json, bodyType, properties);
        }

        /** The property names of a body schema, following one {@code $ref}. */
        private static List<String> properties(Object schema, Map<String, Map<String, Object>> schemas) {
            if (schema instanceof Map<?, ?> map && map.get("$ref") instanceof String ref) {
                schema = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
            }
            if (schema instanceof Map<?, ?> map && map.get("properties") instanceof Map<?, ?> properties) {
                return properties.keySet().stream().map(String::valueOf).toList();
            }
            return List.of();
        }

        List<String> pathParameters() {
            List<String> names = new ArrayList<>();
            Matcher matcher = TEMPLATE.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** The template with {@code hostileParameter} set to {@code hostile} and every other parameter plausible. */
        String path(String hostileParameter, String hostile, java.util.function.UnaryOperator<String> plausible) {
            Matcher matcher = TEMPLATE.matcher(template);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                matcher.appendReplacement(path, Matcher.quoteReplacement(
                        name.equals(hostileParameter) ? hostile : plausible.apply(name)));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        String plausibleBody() {
            if (bodyType == null) {
                return null;
            }
            return jsonBody ? "{}" : "firmware";
        }
    }
}
