package org.osprey.device.simulator.internal.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.dto.ProblemDTO;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.Subject;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.control.SimulatorControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steering of simulated devices under {@code /api/v1/simulator}: motion per region, port states, device
 * events and connection loss, for administrators only. The platform's authentication filter on
 * {@code /api/*} leaves the caller in the request; who may call is settled before the path's device or
 * the body is looked at, and without a caller nothing answers but 401. Every input is checked before
 * anything changes, so a refused request leaves the device as it was.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(SimulatorServlet.ROOT + "/*")
@HttpWhiteboardServletName("osprey-simulator")
public class SimulatorServlet extends HttpServlet {

    static final String ROOT = "/api/v1/simulator";
    static final String PROBLEM_JSON = "application/problem+json";
    /** The audit action of every change made through the simulator. */
    public static final String AUDIT_ACTION = "simulator";
    /** Requests here are a few fields; anything larger is not one of them. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int DRAIN_LIMIT = 1024 * 1024;
    private static final Pattern PORT = Pattern.compile("(input|output)([1-9][0-9]{0,2})");
    private static final long serialVersionUID = 1L;

    /** Body of {@code PUT .../motion}: regions left out means all of them. */
    record MotionChange(Boolean on, List<Integer> regions) {
    }

    /** Body of {@code PUT .../ports/{name}}. */
    record PortChange(Boolean active) {
    }

    /** Body of {@code PUT .../connection}: a loss lasts the given seconds, or until restored (at most 1 h). */
    record ConnectionChange(Boolean connected, Integer seconds) {
    }

    /** Body of {@code POST .../events}. */
    record DeviceEventRequest(String type, Map<String, Object> properties) {
    }

    private final transient Logger logger = LoggerFactory.getLogger(SimulatorServlet.class);
    private final transient ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 1.5 is not a region number, and "true" is not a boolean.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> {
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
            .build();
    private final transient SimulatorControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient AuditLog audit;

    @Activate
    public SimulatorServlet(@Reference SimulatorControl control) {
        this.control = control;
    }

    void setAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            requireUnambiguous(request.getRequestURI());
            Operation operation = route(request.getMethod(), path);
            Subject subject = authorize(request.getAttribute(Subject.REQUEST_ATTRIBUTE));
            byte[] body = readBody(request);
            Object result = perform(operation, subject, body);
            if (result == null) {
                response.setStatus(204);
            } else {
                response.setStatus(200);
                write(response, "application/json", result);
            }
        } catch (SimulatorProblem e) {
            problem(response, e);
        } catch (DeviceNotFoundException e) {
            problem(response, SimulatorProblem.notFound(e.getMessage()));
        } catch (IllegalArgumentException e) {
            problem(response, SimulatorProblem.badRequest(e.getMessage()));
        } catch (IllegalStateException e) {
            problem(response, SimulatorProblem.conflict(e.getMessage()));
        } catch (Exception e) {
            logger.error("{} {} failed", request.getMethod(), path, e);
            problem(response, new SimulatorProblem(500, "Internal error",
                    "The server failed to handle the request; see the server log", Map.of(), Map.of()));
        }
    }

    // ---- routing and access ----

    /** What a request asks for, from its method and path alone. */
    record Operation(Kind kind, String deviceId, String port) {
    }

    enum Kind {
        LIST, SHOW, MOTION, PORT, EVENT, CONNECTION
    }

    static Operation route(String method, String path) {
        String[] parts = path.split("/", -1);
        if (parts.length < 2 || !parts[0].isEmpty() || !parts[1].equals("devices")
                || java.util.Arrays.stream(parts).skip(2).anyMatch(String::isEmpty)) {
            throw SimulatorProblem.notFound("No simulator endpoint at " + path);
        }
        String device = parts.length > 2 ? parts[2] : null;
        Operation operation;
        String allowed;
        if (parts.length == 2) {
            operation = new Operation(Kind.LIST, null, null);
            allowed = "GET";
        } else if (parts.length == 3) {
            operation = new Operation(Kind.SHOW, device, null);
            allowed = "GET";
        } else if (parts.length == 4 && parts[3].equals("motion")) {
            operation = new Operation(Kind.MOTION, device, null);
            allowed = "PUT";
        } else if (parts.length == 4 && parts[3].equals("events")) {
            operation = new Operation(Kind.EVENT, device, null);
            allowed = "POST";
        } else if (parts.length == 4 && parts[3].equals("connection")) {
            operation = new Operation(Kind.CONNECTION, device, null);
            allowed = "PUT";
        } else if (parts.length == 5 && parts[3].equals("ports")) {
            operation = new Operation(Kind.PORT, device, parts[4]);
            allowed = "PUT";
        } else {
            throw SimulatorProblem.notFound("No simulator endpoint at " + path);
        }
        if (!method.equals(allowed)) {
            throw SimulatorProblem.methodNotAllowed(method, path, allowed);
        }
        return operation;
    }

    /**
     * Only administrators: simulated devices are a test and demo facility that makes the server believe
     * in events that did not happen. Fails closed: without the authentication filter there is no caller.
     */
    static Subject authorize(Object caller) {
        if (!(caller instanceof Subject subject)) {
            throw SimulatorProblem.unauthorized();
        }
        if (!subject.isAdministrator()) {
            throw SimulatorProblem.forbidden();
        }
        return subject;
    }

    /**
     * Refuses paths whose meaning depends on decoding or normalising (encoded slashes and dots, dot
     * segments, path parameters): device ids never need them.
     */
    static void requireUnambiguous(String rawUri) {
        String lower = rawUri == null ? "" : rawUri.toLowerCase(Locale.ROOT);
        for (String sign : List.of("%2f", "%2e", "%5c", "%00", ";", "\\", "/../", "/./")) {
            if (lower.contains(sign)) {
                throw SimulatorProblem.badRequest("The path is ambiguous");
            }
        }
        if (lower.endsWith("/..") || lower.endsWith("/.")) {
            throw SimulatorProblem.badRequest("The path is ambiguous");
        }
    }

    // ---- operations ----

    private Object perform(Operation operation, Subject subject, byte[] body) {
        return switch (operation.kind()) {
            case LIST -> control.devices();
            case SHOW -> device(operation.deviceId());
            case MOTION -> motion(subject, operation.deviceId(), parse(body, MotionChange.class));
            case PORT -> port(subject, operation.deviceId(), operation.port(), parse(body, PortChange.class));
            case EVENT -> event(subject, operation.deviceId(), parse(body, DeviceEventRequest.class));
            case CONNECTION -> connection(subject, operation.deviceId(), parse(body, ConnectionChange.class));
        };
    }

    private SimulatedDevice device(String deviceId) {
        return control.device(deviceId)
                .orElseThrow(() -> SimulatorProblem.notFound("No simulated device with id " + deviceId));
    }

    private SimulatedDevice motion(Subject subject, String deviceId, MotionChange change) {
        if (change.on() == null) {
            throw SimulatorProblem.invalid("on", "on is required: true starts the motion, false stops it");
        }
        SimulatedDevice device = device(deviceId);
        int count = device.columns() * device.rows();
        List<Integer> regions = change.regions() == null
                ? java.util.stream.IntStream.rangeClosed(1, count).boxed().toList() : change.regions();
        if (regions.isEmpty()) {
            throw SimulatorProblem.invalid("regions", "Name at least one region, or leave regions out for all");
        }
        for (Integer region : regions) {
            if (region == null || region < 1 || region > count) {
                throw SimulatorProblem.invalid("regions", "Device " + deviceId + " has regions 1 to " + count
                        + ", not " + region);
            }
        }
        regions.forEach(region -> control.setMotion(deviceId, region, change.on()));
        record(subject, deviceId, "motion " + (change.on() ? "on" : "off") + " in region"
                + (regions.size() == 1 ? " " : "s ") + regions.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")));
        return device(deviceId);
    }

    private SimulatedDevice port(Subject subject, String deviceId, String name, PortChange change) {
        SimulatedDevice device = device(deviceId);
        Matcher port = PORT.matcher(name);
        int number = port.matches() ? Integer.parseInt(port.group(2)) : 0;
        if (number < 1 || number > SimulatorControl.PORTS) {
            throw SimulatorProblem.notFound("Device " + deviceId + " has no port " + name + "; its ports are input1 to input"
                    + SimulatorControl.PORTS + " and output1 to output" + SimulatorControl.PORTS);
        }
        if (change.active() == null) {
            throw SimulatorProblem.invalid("active", "active is required: true or false");
        }
        if (port.group(1).equals("input")) {
            control.setInput(device.deviceId(), number, change.active());
        } else {
            control.setOutput(device.deviceId(), number, change.active());
        }
        record(subject, deviceId, name + (change.active() ? " active" : " inactive"));
        return device(deviceId);
    }

    private Object event(Subject subject, String deviceId, DeviceEventRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw SimulatorProblem.invalid("type", "type is required, one of "
                    + String.join(", ", SimulatorControl.EVENT_TYPES));
        }
        if (!SimulatorControl.EVENT_TYPES.contains(request.type())) {
            throw SimulatorProblem.invalid("type", "A simulated device raises "
                    + String.join(", ", SimulatorControl.EVENT_TYPES) + ", not " + request.type());
        }
        device(deviceId);
        Map<String, Object> properties = request.properties() == null ? Map.of() : request.properties();
        try {
            control.raiseEvent(deviceId, request.type(), properties);
        } catch (IllegalArgumentException e) {
            throw SimulatorProblem.invalid("properties", e.getMessage());
        }
        record(subject, deviceId, "event " + request.type() + " " + properties.keySet());
        return null;
    }

    private SimulatedDevice connection(Subject subject, String deviceId, ConnectionChange change) {
        if (change.connected() == null) {
            throw SimulatorProblem.invalid("connected", "connected is required: false drops the connection, "
                    + "true restores it");
        }
        Integer seconds = change.seconds();
        long longest = SimulatorControl.LONGEST_DISCONNECTION.toSeconds();
        if (seconds != null && change.connected()) {
            throw SimulatorProblem.invalid("seconds", "seconds goes only with connected false");
        }
        if (seconds != null && (seconds < 1 || seconds > longest)) {
            throw SimulatorProblem.invalid("seconds", "A simulated connection loss lasts 1 to " + longest
                    + " seconds, not " + seconds);
        }
        device(deviceId);
        if (change.connected()) {
            control.reconnect(deviceId);
            record(subject, deviceId, "connection restored");
        } else {
            Duration duration = seconds == null ? SimulatorControl.LONGEST_DISCONNECTION : Duration.ofSeconds(seconds);
            control.disconnect(deviceId, duration);
            record(subject, deviceId, "connection dropped for " + duration.toSeconds() + " s");
        }
        return device(deviceId);
    }

    private void record(Subject subject, String deviceId, String details) {
        AuditLog log = audit;
        if (log != null) {
            log.record(AuditEntry.of(subject, AUDIT_ACTION, deviceId, details));
        }
    }

    // ---- bodies ----

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT")) {
            return new byte[0];
        }
        long declared = request.getContentLengthLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                drain(in, declared);
                throw SimulatorProblem.tooLarge(MAX_BODY_BYTES);
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    drain(in, DRAIN_LIMIT);
                    throw SimulatorProblem.tooLarge(MAX_BODY_BYTES);
                }
            }
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (out.size() > 0 && !type.startsWith("application/json")) {
            throw SimulatorProblem.unsupportedType();
        }
        return out.toByteArray();
    }

    /** Reads and drops what the client still sends, so it gets the answer rather than a reset connection. */
    private static void drain(InputStream in, long limit) throws IOException {
        if (limit > DRAIN_LIMIT) {
            return;
        }
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer)) != -1) {
            total += n;
        }
    }

    /** The body as the given type; malformed JSON and wrong types are a 400 naming the field. */
    <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw SimulatorProblem.badRequest("A JSON body is required");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw SimulatorProblem.badRequest("The body must be a JSON object");
            }
            return json.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw SimulatorProblem.invalid(e.getPropertyName(), "Unknown field " + e.getPropertyName());
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                    : r.getFieldName()).collect(Collectors.joining("."));
            String name = field.isEmpty() ? "body" : field;
            throw SimulatorProblem.invalid(name, "Wrong type for " + name);
        } catch (JsonProcessingException e) {
            throw SimulatorProblem.badRequest("Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw SimulatorProblem.badRequest("The body cannot be read");
        }
    }

    // ---- answers ----

    private void problem(HttpServletResponse response, SimulatorProblem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.status);
        problem.headers.forEach(response::setHeader);
        String type = "urn:osprey:problem:" + problem.title.toLowerCase(Locale.ROOT).replace(' ', '-');
        write(response, PROBLEM_JSON, new ProblemDTO(type, problem.title, problem.status, problem.getMessage(),
                problem.errors));
    }

    private void write(HttpServletResponse response, String contentType, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
