package org.kycorchestrator.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;

/**
 * A registry kept in memory, for tests that exercise serdes or topologies without an HTTP
 * registry. Ids are global and the same schema always gets the same id, as in a real registry.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    @Override
    public int register(final String subject, final Schema schema) {
        return ids.computeIfAbsent(schema, s -> {
            final int id = nextId.getAndIncrement();
            schemas.put(id, s);
            return id;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        final Schema schema = schemas.get(id);
        if (schema == null) {
            throw new IllegalArgumentException("no schema with id " + id);
        }
        return schema;
    }
}
