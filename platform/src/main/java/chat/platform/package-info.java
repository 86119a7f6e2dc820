/**
 * Cross-cutting Spring plumbing every service shares, and no domain: Boot
 * auto-configurations for resource-server security ({@code security}), Kafka error
 * handling and topic declaration ({@code kafka}), RFC 9457 problem details ({@code web})
 * and the clock; log masking of tokens and payloads ({@code logging}). Services depend on
 * it and on {@code contracts}, never on each other. Every property is listed with its
 * default in the module README.
 */
package chat.platform;
