package org.osprey.sample.action.log.internal;

import java.time.ZoneId;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osprey.api.automation.ActionDuration;
import org.osprey.api.automation.ActionHandler;
import org.osprey.api.automation.ActionType;
import org.osprey.api.automation.TriggerData;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.plugin.PluginDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a message to the server log with trigger data inserted (AR-07): {@code {type}},
 * {@code {sourceId}}, {@code {sourceName}}, {@code {timeUtc}}, {@code {timeLocal}}.
 */
@Component
public class LogActionType implements ActionType {

    static final String TYPE_ID = "sample.log";
    static final String CFG_MESSAGE = "message";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Write to log",
            "Writes a message with trigger data to the server log.", ConfigDescription.of(
                    ConfigParameter.text(CFG_MESSAGE, "Message", true)
                            .withDescription("May contain {type}, {sourceId}, {sourceName}, {timeUtc}, {timeLocal}")));

    private final Logger logger = LoggerFactory.getLogger(LogActionType.class);

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public ActionDuration duration() {
        return ActionDuration.ONE_SHOT;
    }

    @Override
    public ActionHandler create(Map<String, Object> configuration) {
        String template = String.valueOf(configuration.get(CFG_MESSAGE));
        return data -> logger.info("{}", render(template, data, ZoneId.systemDefault()));
    }

    static String render(String template, TriggerData data, ZoneId zone) {
        return template.replace("{type}", data.type())
                .replace("{sourceId}", data.sourceId())
                .replace("{sourceName}", data.sourceName())
                .replace("{timeUtc}", data.time().toString())
                .replace("{timeLocal}", data.localTime(zone).toLocalDateTime().toString());
    }
}
