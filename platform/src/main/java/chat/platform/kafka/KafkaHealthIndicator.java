package chat.platform.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health {@code kafka}: UP when a broker answers a cluster description within
 * {@code timeout}, DOWN otherwise. Services put it in their readiness group, so an
 * instance that cannot reach Kafka takes no traffic; it is never part of liveness (a
 * restart does not bring a broker back). One admin client, created on the first check.
 */
public final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Map<String, Object> adminConfig;

	private final Duration timeout;

	private volatile AdminClient admin;

	public KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
		super("Kafka health check failed");
		this.adminConfig = new HashMap<>(adminConfig);
		this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
		this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "chat-health");
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = admin()
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
		long wait = this.timeout.toMillis() + 500;
		String clusterId = cluster.clusterId().get(wait, TimeUnit.MILLISECONDS);
		int nodes = cluster.nodes().get(wait, TimeUnit.MILLISECONDS).size();
		builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
	}

	private AdminClient admin() {
		AdminClient admin = this.admin;
		if (admin == null) {
			synchronized (this) {
				admin = this.admin;
				if (admin == null) {
					admin = AdminClient.create(this.adminConfig);
					this.admin = admin;
				}
			}
		}
		return admin;
	}

	@Override
	public void destroy() {
		AdminClient admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ofSeconds(2));
		}
	}

}
