package org.osprey.rest.internal;

import static org.osprey.rest.internal.Router.Access.ADMINISTRATOR;
import static org.osprey.rest.internal.Router.Access.AUTHENTICATED;
import static org.osprey.rest.internal.Router.Access.CAMERA;
import static org.osprey.rest.internal.Router.Access.MANUAL_RECORDING;
import static org.osprey.rest.internal.Router.Access.PLAYBACK;
import static org.osprey.rest.internal.Router.Access.PUBLIC;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.dto.AuditEntryDTO;
import org.osprey.api.dto.CertificateDTO;
import org.osprey.api.dto.CertificateImportDTO;
import org.osprey.api.dto.DeviceDTO;
import org.osprey.api.dto.DeviceStatusDTO;
import org.osprey.api.dto.LoginDTO;
import org.osprey.api.dto.ManualRecordingDTO;
import org.osprey.api.dto.PasswordChangeDTO;
import org.osprey.api.dto.PluginDTO;
import org.osprey.api.dto.ScheduleDTO;
import org.osprey.api.dto.SessionDTO;
import org.osprey.api.dto.SystemDTO;
import org.osprey.api.dto.SystemStatusDTO;
import org.osprey.api.plugin.PluginInfo;
import org.osprey.api.plugin.PluginKind;
import org.osprey.api.plugin.PluginRegistry;
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.RecordingRequest;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleRequest;
import org.osprey.api.schedule.ScheduleService;
import org.osprey.api.schedule.ScheduleUsage;
import org.osprey.api.security.Account;
import org.osprey.api.security.AccountRequest;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuditQuery;
import org.osprey.api.security.AuditVerification;
import org.osprey.api.security.AuthenticationException;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.CertificateInfo;
import org.osprey.api.security.CertificateService;
import org.osprey.api.security.Session;
import org.osprey.api.security.SessionService;
import org.osprey.api.security.Subject;
import org.osprey.api.system.SystemInfo;
import org.osprey.api.system.SystemService;

/**
 * The resources of {@code /api/v1}: each route names who may call it and only delegates to a service.
 * Cameras are the devices for now (one camera per device), so device routes check camera rights.
 */
final class Resources {

    private final SystemService system;
    private final DeviceRegistry devices;
    private final PluginRegistry plugins;
    private final AccountService accounts;
    private final SessionService sessions;
    private final Supplier<Optional<AuditLog>> audit;
    private final Supplier<Optional<CertificateService>> certificates;
    private final Supplier<Optional<RecordingService>> recordings;
    private final Supplier<Optional<ScheduleService>> schedules;

    Resources(SystemService system, DeviceRegistry devices, PluginRegistry plugins, AccountService accounts,
            SessionService sessions, Supplier<Optional<AuditLog>> audit,
            Supplier<Optional<CertificateService>> certificates, Supplier<Optional<RecordingService>> recordings,
            Supplier<Optional<ScheduleService>> schedules) {
        this.system = system;
        this.devices = devices;
        this.plugins = plugins;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.certificates = certificates;
        this.recordings = recordings;
        this.schedules = schedules;
    }

    /** Every route of the API; the OpenAPI document must describe exactly these, with their access. */
    Router routes(byte[] openApi) {
        return new Router()
                .add("GET", "/openapi.json", PUBLIC, r -> new RawJson(openApi))
                .add("GET", "/system", PUBLIC, r -> system())
                .add("GET", "/system/status", AUTHENTICATED, r -> systemStatus())
                .add("POST", "/auth/login", PUBLIC, this::login)
                .add("POST", "/auth/logout", AUTHENTICATED, r -> {
                    sessions.logout(r.bearerToken());
                    record(r.subject(), AuditActions.LOGOUT, r.subject().username(), "");
                    return new Router.Response(204, null);
                })
                .add("GET", "/auth/me", AUTHENTICATED, r -> accounts.account(r.subject().username()).orElseThrow())
                .add("GET", "/plugins", AUTHENTICATED, r -> plugins.plugins().stream().map(Resources::plugin).toList())
                .add("GET", "/devices", AUTHENTICATED, r -> devices.devices().stream()
                        .filter(d -> r.subject().may(d.id(), CameraRight.ACCESS)).map(this::device).toList())
                .add("POST", "/devices", ADMINISTRATOR, r -> {
                    DeviceDefinition added = devices.add(r.body(DeviceRequest.class));
                    record(r.subject(), AuditActions.CONFIGURATION, added.id(), "device added: " + added.name());
                    return new Router.Response(201, device(added));
                })
                .add("GET", "/devices/{id}", CAMERA, r -> device(existing(r.path("id"))))
                .add("PUT", "/devices/{id}", ADMINISTRATOR, r -> {
                    DeviceDefinition changed = devices.update(existing(r.path("id")).id(), r.body(DeviceRequest.class));
                    record(r.subject(), AuditActions.CONFIGURATION, changed.id(), "device changed: " + changed.name());
                    return device(changed);
                })
                .add("DELETE", "/devices/{id}", ADMINISTRATOR, r -> {
                    DeviceDefinition gone = existing(r.path("id"));
                    devices.remove(gone.id());
                    record(r.subject(), AuditActions.CONFIGURATION, gone.id(), "device removed: " + gone.name());
                    return new Router.Response(204, null);
                })
                .add("GET", "/devices/{id}/status", CAMERA, r -> status(devices.status(existing(r.path("id")).id())))
                .add("GET", "/users", ADMINISTRATOR, r -> accounts.accounts())
                .add("POST", "/users", ADMINISTRATOR, r -> {
                    Account added = accounts.add(r.body(AccountRequest.class));
                    record(r.subject(), AuditActions.USER, added.name(), "account added, role " + added.role());
                    return new Router.Response(201, added);
                })
                .add("GET", "/users/{name}", ADMINISTRATOR, r -> account(r.path("name")))
                .add("PUT", "/users/{name}", ADMINISTRATOR, r -> {
                    Account changed = accounts.update(account(r.path("name")).name(), r.body(AccountRequest.class));
                    record(r.subject(), AuditActions.USER, changed.name(), "account changed, role " + changed.role()
                            + (changed.enabled() ? "" : ", disabled"));
                    return changed;
                })
                .add("DELETE", "/users/{name}", ADMINISTRATOR, r -> {
                    String name = account(r.path("name")).name();
                    accounts.remove(name);
                    sessions.logoutAll(name);
                    record(r.subject(), AuditActions.USER, name, "account removed");
                    return new Router.Response(204, null);
                })
                .add("PUT", "/users/{name}/password", AUTHENTICATED, this::changePassword)
                .add("GET", "/audit", ADMINISTRATOR, this::auditQuery)
                .add("GET", "/audit/verify", ADMINISTRATOR, r -> auditLog().verify())
                .add("GET", "/certificates/server", AUTHENTICATED, r -> certificate(certificateService().serverCertificate()))
                .add("GET", "/certificates/authority", AUTHENTICATED, r -> certificate(certificateService().authority()))
                .add("POST", "/certificates/server/renew", ADMINISTRATOR, r -> {
                    CertificateInfo renewed = certificateService().renewServerCertificate();
                    record(r.subject(), AuditActions.CONFIGURATION, "server certificate",
                            "renewed, certificate ID " + renewed.sha256Fingerprint());
                    return certificate(renewed);
                })
                .add("PUT", "/certificates/server", ADMINISTRATOR, this::importCertificate)
                .add("GET", "/cameras/{id}/recording", CAMERA, r -> recordingService().status(r.path("id")))
                .add("GET", "/cameras/{id}/timeline", PLAYBACK, r -> {
                    Interval interval = interval(r);
                    return recordingService().timeline(r.path("id"), interval.from(), interval.to());
                })
                .add("GET", "/cameras/{id}/segments", PLAYBACK, r -> {
                    Interval interval = interval(r);
                    return recordingService().segments(r.path("id"), interval.from(), interval.to());
                })
                .add("GET", "/storages", ADMINISTRATOR, r -> recordingService().storages())
                .add("POST", "/recordings/reindex", ADMINISTRATOR, r -> {
                    var report = recordingService().reindex();
                    record(r.subject(), AuditActions.CONFIGURATION, "recordings", "index rebuilt: "
                            + report.segments() + " segments");
                    return report;
                })
                .add("POST", "/cameras/{id}/recordings/manual", MANUAL_RECORDING, r -> {
                    ManualRecordingDTO body = r.body(ManualRecordingDTO.class);
                    EventRecording started = recordingCall(() -> recordingService().startRecording(new RecordingRequest(
                            r.path("id"), RecordingType.MANUAL, "", seconds(body.prebufferSeconds()),
                            seconds(body.postbufferSeconds()))));
                    record(r.subject(), AuditActions.MANUAL_RECORDING, started.cameraId(), "manual recording started");
                    return started;
                })
                .add("DELETE", "/cameras/{id}/recordings/manual", MANUAL_RECORDING, r -> {
                    EventRecording stopped = recordingService().stopRecording(r.path("id"), RecordingType.MANUAL, "")
                            .orElseThrow(() -> ApiException.notFound("No manual recording runs on camera " + r.path("id")));
                    record(r.subject(), AuditActions.MANUAL_RECORDING, stopped.cameraId(), "manual recording stopped");
                    return stopped;
                })
                .add("GET", "/storages/non-indexed", ADMINISTRATOR, r -> recordingService().nonIndexedFiles())
                .add("GET", "/schedules", ADMINISTRATOR, r -> scheduleService().schedules().stream()
                        .map(this::schedule).toList())
                .add("POST", "/schedules", ADMINISTRATOR, r -> {
                    Schedule added = scheduleService().add(r.body(ScheduleRequest.class));
                    record(r.subject(), AuditActions.CONFIGURATION, added.id(), "schedule added: " + added.name());
                    return new Router.Response(201, schedule(added));
                })
                .add("GET", "/schedules/{id}", ADMINISTRATOR, r -> schedule(existingSchedule(r.path("id"))))
                .add("PUT", "/schedules/{id}", ADMINISTRATOR, r -> {
                    Schedule changed = scheduleService().update(existingSchedule(r.path("id")).id(),
                            r.body(ScheduleRequest.class));
                    record(r.subject(), AuditActions.CONFIGURATION, changed.id(), "schedule changed: " + changed.name());
                    return schedule(changed);
                })
                .add("DELETE", "/schedules/{id}", ADMINISTRATOR, r -> {
                    Schedule gone = existingSchedule(r.path("id"));
                    try {
                        scheduleService().remove(gone.id());
                    } catch (IllegalStateException e) {
                        throw new ApiException(409, "Conflict", e.getMessage());
                    }
                    record(r.subject(), AuditActions.CONFIGURATION, gone.id(), "schedule removed: " + gone.name());
                    return new Router.Response(204, null);
                })
                .add("POST", "/storages/non-indexed/collect", ADMINISTRATOR, r -> {
                    var moved = recordingService().collectNonIndexedFiles();
                    record(r.subject(), AuditActions.CONFIGURATION, "recordings", moved.size() + " non-indexed files collected");
                    return moved;
                });
    }

    private record Interval(Instant from, Instant to) {
    }

    /**
     * The {@code from}/{@code to} query of a recording route. A user whose recordings are limited to the
     * last N minutes (USR-08) never gets anything older: the interval starts no earlier than that.
     */
    private static Interval interval(ApiRequest r) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant from = required(r, "from", errors);
        Instant to = required(r, "to", errors);
        if (errors.isEmpty() && !from.isBefore(to)) {
            errors.put("to", "must be after from");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "Bad request", "Give the interval as ISO-8601 instants from and to", errors);
        }
        Subject subject = r.subject();
        int limit = subject.isAdministrator() ? 0 : subject.rights().recordingAgeLimitMinutes();
        if (limit > 0) {
            Instant earliest = Instant.now().minus(java.time.Duration.ofMinutes(limit));
            if (from.isBefore(earliest)) {
                from = earliest;
            }
            if (!to.isAfter(from)) {
                to = from;
            }
        }
        return new Interval(from, to);
    }

    private static Instant required(ApiRequest r, String name, Map<String, String> errors) {
        String text = r.query(name);
        if (text == null) {
            errors.put(name, "is required");
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.put(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }

    /** The engine's refusals as problems: a bad request 400, a camera that cannot be recorded now 409. */
    private static <T> T recordingCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Bad request", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "Conflict", e.getMessage());
        }
    }

    private static java.time.Duration seconds(Integer value) {
        return value == null ? null : java.time.Duration.ofSeconds(value);
    }

    private ScheduleService scheduleService() {
        return schedules.get().orElseThrow(
                () -> new ApiException(503, "Service unavailable", "The schedule service is not running"));
    }

    private Schedule existingSchedule(String id) {
        return scheduleService().schedule(id).orElseThrow(() -> ApiException.notFound("No schedule with id " + id));
    }

    private ScheduleDTO schedule(Schedule schedule) {
        ScheduleService service = scheduleService();
        return new ScheduleDTO(schedule.id(), schedule.name(), schedule.week(), schedule.exceptions(),
                service.usages(schedule.id()).stream().map(ScheduleUsage::usedBy).toList(),
                service.isActive(schedule.id(), Instant.now()), service.zone().getId());
    }

    private RecordingService recordingService() {
        return recordings.get().orElseThrow(
                () -> new ApiException(503, "Service unavailable", "The recording engine is not running"));
    }

    /** A JSON document served as it is. */
    record RawJson(byte[] bytes) {
    }

    private Object login(ApiRequest r) {
        LoginDTO login = r.body(LoginDTO.class);
        if (login.username() == null || login.password() == null) {
            throw new ApiException(400, "Bad request", "username and password are required");
        }
        try {
            Session session = sessions.login(login.username(), login.password(), r.source());
            return new SessionDTO(session.token(), session.expiresAt().toString(), session.subject().username(),
                    session.subject().role().name());
        } catch (AuthenticationException e) {
            if (!e.retryAfter().isZero()) {
                throw new ApiException(429, "Too many requests", e.getMessage(), Map.of(),
                        Map.of("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000))));
            }
            throw new ApiException(401, "Unauthorized", e.getMessage());
        }
    }

    /** Administrators set anyone's password; others only their own, and must give the current one. */
    private Object changePassword(ApiRequest r) throws AuthenticationException {
        Subject caller = r.subject();
        String name = r.path("name");
        if (!caller.isAdministrator() && !caller.username().equals(name)) {
            throw new ApiException(403, "Forbidden", "Only administrators set other users' passwords");
        }
        Account account = account(name);
        PasswordChangeDTO change = r.body(PasswordChangeDTO.class);
        if (!caller.isAdministrator()) {
            if (change.currentPassword() == null) {
                throw new ApiException(400, "Bad request", "currentPassword is required",
                        Map.of("currentPassword", "is required"), Map.of());
            }
            try {
                accounts.authenticate(name, change.currentPassword(), r.source());
            } catch (AuthenticationException e) {
                throw new ApiException(403, "Forbidden", "The current password is wrong");
            }
        }
        accounts.setPassword(account.name(), change.newPassword());
        sessions.logoutAll(account.name());
        record(caller, AuditActions.USER, account.name(), "password changed");
        return new Router.Response(204, null);
    }

    /** A PKCS#12 file with key and chain, as base64 in JSON so the API stays JSON-only. */
    private Object importCertificate(ApiRequest r) {
        CertificateImportDTO request = r.body(CertificateImportDTO.class);
        if (request.pkcs12() == null || request.password() == null) {
            throw new ApiException(400, "Bad request", "pkcs12 and password are required");
        }
        byte[] file;
        try {
            file = java.util.Base64.getDecoder().decode(request.pkcs12());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Bad request", "pkcs12 must be base64", Map.of("pkcs12", "not base64"));
        }
        try {
            CertificateInfo imported = certificateService().importServerCertificate(file, request.password().toCharArray());
            record(r.subject(), AuditActions.CONFIGURATION, "server certificate",
                    "imported, certificate ID " + imported.sha256Fingerprint());
            return certificate(imported);
        } catch (java.security.GeneralSecurityException e) {
            throw new ApiException(422, "Invalid input", "The certificate was not imported: " + e.getMessage(),
                    Map.of("pkcs12", e.getMessage() == null ? "unusable" : e.getMessage()));
        }
    }

    private Object auditQuery(ApiRequest r) {
        int limit = 100;
        if (r.query("limit") != null) {
            try {
                limit = Integer.parseInt(r.query("limit"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit must be a number");
            }
            if (limit < 1 || limit > 10_000) {
                throw ApiException.badRequest("limit must be 1 to 10000");
            }
        }
        AuditQuery query = new AuditQuery(instant(r.query("from")), instant(r.query("to")), r.query("user"),
                r.query("action"), limit);
        return auditLog().query(query).stream().map(e -> new AuditEntryDTO(e.sequence(), e.time().toString(),
                e.user(), e.source(), e.action(), e.target(), e.details())).toList();
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Times are ISO-8601 instants such as 2026-01-31T12:00:00Z: " + text);
        }
    }

    private AuditLog auditLog() {
        return audit.get().orElseThrow(() -> new ApiException(503, "Service unavailable", "The audit trail is not running"));
    }

    private CertificateService certificateService() {
        return certificates.get().orElseThrow(
                () -> new ApiException(503, "Service unavailable", "The certificate service is not running"));
    }

    private void record(Subject subject, String action, String target, String details) {
        audit.get().ifPresent(log -> log.record(AuditEntry.of(subject, action, target, details)));
    }

    private DeviceDefinition existing(String id) {
        return devices.device(id).orElseThrow(() -> ApiException.notFound("No device with id " + id));
    }

    private Account account(String name) {
        return accounts.account(name).orElseThrow(() -> ApiException.notFound("No account named " + name));
    }

    private SystemDTO system() {
        SystemInfo info = system.info();
        String id = certificates.get().map(c -> c.serverCertificate().sha256Fingerprint()).orElse("");
        return new SystemDTO(info.name(), info.version(), id);
    }

    private SystemStatusDTO systemStatus() {
        SystemInfo info = system.info();
        return new SystemStatusDTO(info.name(), info.version(), info.startedAt().toString(), info.uptime().toSeconds(),
                info.health().name());
    }

    private DeviceDTO device(DeviceDefinition d) {
        return new DeviceDTO(d.id(), d.name(), d.type(), d.enabled(), withoutPasswords(d), status(devices.status(d.id())));
    }

    /** Hides every value the driver describes as a password, and any value whose name says it is one. */
    private Map<String, Object> withoutPasswords(DeviceDefinition d) {
        List<String> secret = plugins.plugins().stream()
                .filter(p -> p.kind() == PluginKind.DEVICE_DRIVER && p.description().id().equals(d.type()))
                .flatMap(p -> p.description().configuration().parameters().stream())
                .filter(p -> p.type() == ParameterType.PASSWORD).map(ConfigParameter::name).toList();
        Map<String, Object> shown = new LinkedHashMap<>();
        d.configuration().forEach((key, value) -> {
            if (!secret.contains(key) && !key.toLowerCase(Locale.ROOT).contains("password")) {
                shown.put(key, value);
            }
        });
        return shown;
    }

    private static DeviceStatusDTO status(DeviceStatusInfo s) {
        return new DeviceStatusDTO(s.status().name(), s.status().label(), s.message(), s.since().toString());
    }

    private static PluginDTO plugin(PluginInfo p) {
        return new PluginDTO(p.kind().name(), p.description().id(), p.description().label(),
                p.description().description(), p.bundle(), p.bundleVersion(), p.description().configuration());
    }

    private static CertificateDTO certificate(CertificateInfo c) {
        return new CertificateDTO(c.subject(), c.issuer(), c.serialNumber(), c.notBefore().toString(),
                c.notAfter().toString(), c.sha256Fingerprint(), c.authority(), c.subjectAltNames());
    }
}
