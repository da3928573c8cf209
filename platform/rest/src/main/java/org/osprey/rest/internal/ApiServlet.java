package org.osprey.rest.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.dto.ProblemDTO;
import org.osprey.api.plugin.PluginRegistry;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.schedule.ScheduleService;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.CertificateService;
import org.osprey.api.security.SessionService;
import org.osprey.api.security.Subject;
import org.osprey.api.system.SystemService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/v1}: reads bodies within a size limit, routes, and turns every failure
 * into a problem body, so a bad request can never take the server down or leave half a change behind.
 */
@Component(service = Servlet.class, configurationPid = "org.osprey.rest")
@HttpWhiteboardServletPattern(ApiServlet.ROOT + "/*")
@HttpWhiteboardServletName("osprey-api")
@Designate(ocd = ApiServlet.Config.class)
public class ApiServlet extends HttpServlet {

    static final String ROOT = "/api/v1";
    static final String PROBLEM_JSON = "application/problem+json";
    /** Beyond this the body is not even drained: the connection is closed instead. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "Osprey REST API")
    public @interface Config {
        @AttributeDefinition(name = "Maximum request body (bytes)", min = "1024")
        int maxBodyBytes() default 1024 * 1024;
    }

    private final transient Logger logger = LoggerFactory.getLogger(ApiServlet.class);
    private final transient ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Records get null for absent numbers: absent means 0 there, so this stays off.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Times as ISO-8601 text, durations as ISO-8601 durations.
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // A number or boolean where text is expected is a client error, not something to guess at.
            .withCoercionConfig(LogicalType.Textual, c -> {
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
            .build();
    private final transient Router router;
    private final int maxBodyBytes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient CertificateService certificates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient RecordingService recordings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient ScheduleService schedules;

    @Activate
    public ApiServlet(@Reference SystemService system, @Reference DeviceRegistry devices,
            @Reference PluginRegistry plugins, @Reference AccountService accounts, @Reference SessionService sessions,
            Config config) throws IOException {
        this.maxBodyBytes = config.maxBodyBytes();
        this.router = new Resources(system, devices, plugins, accounts, sessions, () -> Optional.ofNullable(audit),
                () -> Optional.ofNullable(certificates), () -> Optional.ofNullable(recordings),
                () -> Optional.ofNullable(schedules)).routes(openApiDocument());
    }

    static byte[] openApiDocument() throws IOException {
        try (InputStream in = ApiServlet.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json missing from the bundle");
            }
            return in.readAllBytes();
        }
    }

    Router router() {
        return router;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            requireUnambiguous(request.getRequestURI());
            Router.Match match = router.match(request.getMethod(), path);
            Subject subject = authorize(match, request.getAttribute(Subject.REQUEST_ATTRIBUTE));
            byte[] body = readBody(request);
            Object result = match.route().handler().handle(new ApiRequest(match.parameters(),
                    request.getParameterMap(), body, json, subject, request.getRemoteAddr(),
                    request.getHeader("Authorization")));
            write(response, result);
        } catch (ApiException e) {
            e.headers.forEach(response::setHeader);
            problem(response, e.status, e.title, e.getMessage(), e.errors);
        } catch (Router.MethodNotAllowed e) {
            response.setHeader("Allow", String.join(", ", e.allowed));
            problem(response, 405, "Method not allowed", request.getMethod() + " is not allowed on " + path, Map.of());
        } catch (InvalidConfigurationException e) {
            problem(response, 422, "Invalid input", e.getMessage(), e.fieldErrors());
        } catch (DeviceNotFoundException | NoSuchElementException e) {
            problem(response, 404, "Not found", e.getMessage(), Map.of());
        } catch (Exception e) {
            logger.error("{} {} failed", request.getMethod(), path, e);
            problem(response, 500, "Internal error", "The server failed to handle the request; see the server log",
                    Map.of());
        }
    }

    /**
     * Refuses paths whose meaning depends on decoding or normalising: encoded slashes, dots and
     * backslashes, dot segments and path parameters. Routes never need them, and they are how path
     * checks are bypassed elsewhere.
     */
    static void requireUnambiguous(String rawUri) {
        String lower = rawUri.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains(";") || lower.contains("\\") || lower.contains("/../") || lower.endsWith("/..")
                || lower.contains("/./") || lower.endsWith("/.")) {
            throw ApiException.badRequest("The path is ambiguous");
        }
    }

    /**
     * Checks the caller against the route before anything else is read, so an unauthorised caller learns
     * nothing, not even whether its body would have been valid. Fails closed: without the authentication
     * filter there is no caller, and only public routes answer.
     */
    static Subject authorize(Router.Match match, Object caller) {
        Router.Access access = match.route().access();
        if (access == Router.Access.PUBLIC) {
            return caller instanceof Subject s ? s : null;
        }
        if (!(caller instanceof Subject subject)) {
            throw new ApiException(401, "Unauthorized", "Log in, or send HTTP Basic or Digest credentials");
        }
        boolean allowed = switch (access) {
            case ADMINISTRATOR -> subject.isAdministrator();
            case CAMERA -> subject.may(match.parameters().get("id"), CameraRight.ACCESS);
            case PLAYBACK -> subject.may(match.parameters().get("id"), CameraRight.PLAYBACK);
            case MANUAL_RECORDING -> subject.may(match.parameters().get("id"), CameraRight.MANUAL_RECORDING);
            default -> true;
        };
        if (!allowed) {
            throw new ApiException(403, "Forbidden", "You have no right to do this");
        }
        return subject;
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return new byte[0];
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            drain(request.getInputStream(), declared);
            throw new ApiException(413, "Payload too large", "The body is larger than " + maxBodyBytes + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBodyBytes) {
                    drain(in, DRAIN_LIMIT);
                    throw new ApiException(413, "Payload too large",
                            "The body is larger than " + maxBodyBytes + " bytes");
                }
            }
        }
        if (out.size() > 0 && !type.startsWith("application/json")) {
            throw new ApiException(415, "Unsupported media type", "The body must be application/json");
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what the client still sends, so it gets the answer rather than a reset connection.
     */
    private static void drain(InputStream in, long limit) throws IOException {
        if (limit > DRAIN_LIMIT) {
            return;
        }
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer)) != -1) {
            total += n;
        }
    }

    private void write(HttpServletResponse response, Object result) throws IOException {
        if (result instanceof Router.Response r) {
            response.setStatus(r.status());
            if (r.body() != null) {
                writeJson(response, "application/json", r.body());
            }
            return;
        }
        response.setStatus(200);
        if (result instanceof Resources.RawJson raw) {
            response.setContentType("application/json");
            response.setContentLength(raw.bytes().length);
            response.getOutputStream().write(raw.bytes());
            return;
        }
        writeJson(response, "application/json", result);
    }

    private void problem(HttpServletResponse response, int status, String title, String detail,
            Map<String, String> errors) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        String type = "urn:osprey:problem:" + title.toLowerCase(Locale.ROOT).replace(' ', '-');
        writeJson(response, PROBLEM_JSON, new ProblemDTO(type, title, status, detail, errors));
    }

    private void writeJson(HttpServletResponse response, String contentType, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
