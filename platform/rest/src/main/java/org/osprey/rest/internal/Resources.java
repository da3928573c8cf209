package org.osprey.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.dto.DeviceDTO;
import org.osprey.api.dto.DeviceStatusDTO;
import org.osprey.api.dto.PluginDTO;
import org.osprey.api.dto.SystemDTO;
import org.osprey.api.plugin.PluginInfo;
import org.osprey.api.plugin.PluginKind;
import org.osprey.api.plugin.PluginRegistry;
import org.osprey.api.system.SystemInfo;
import org.osprey.api.system.SystemService;

/** The resources of {@code /api/v1}: each method is one route, and only delegates to a service. */
final class Resources {

    private final SystemService system;
    private final DeviceRegistry devices;
    private final PluginRegistry plugins;

    Resources(SystemService system, DeviceRegistry devices, PluginRegistry plugins) {
        this.system = system;
        this.devices = devices;
        this.plugins = plugins;
    }

    /** Every route of the API; the OpenAPI document must describe exactly these. */
    Router routes(byte[] openApi) {
        return new Router()
                .add("GET", "/openapi.json", r -> new RawJson(openApi))
                .add("GET", "/system", r -> system())
                .add("GET", "/plugins", r -> plugins.plugins().stream().map(Resources::plugin).toList())
                .add("GET", "/devices", r -> devices.devices().stream().map(this::device).toList())
                .add("POST", "/devices", r -> new Router.Response(201, device(devices.add(r.body(DeviceRequest.class)))))
                .add("GET", "/devices/{id}", r -> device(existing(r.path("id"))))
                .add("PUT", "/devices/{id}", r -> device(devices.update(existing(r.path("id")).id(),
                        r.body(DeviceRequest.class))))
                .add("DELETE", "/devices/{id}", r -> {
                    devices.remove(existing(r.path("id")).id());
                    return new Router.Response(204, null);
                })
                .add("GET", "/devices/{id}/status", r -> status(devices.status(existing(r.path("id")).id())));
    }

    /** A JSON document served as it is. */
    record RawJson(byte[] bytes) {
    }

    private DeviceDefinition existing(String id) {
        return devices.device(id).orElseThrow(() -> ApiException.notFound("No device with id " + id));
    }

    private SystemDTO system() {
        SystemInfo info = system.info();
        return new SystemDTO(info.name(), info.version(), info.startedAt().toString(), info.uptime().toSeconds(),
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
            if (!secret.contains(key) && !key.toLowerCase(java.util.Locale.ROOT).contains("password")) {
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
}
