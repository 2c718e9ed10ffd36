package cloud.ims.core.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The image store's free-space floor ({@code ims.store.min-free}): work that would leave less free on its file system
 * is refused (ADR 38); and how far a project's byte reservation grows ahead of the bytes written
 * ({@code ims.store.reservation-step}).
 */
@ConfigurationProperties("ims.store")
public record StorageSettings(@DefaultValue("5GB") DataSize minFree, @DefaultValue("64MB") DataSize reservationStep) {
}
