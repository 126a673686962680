package org.kycorchestrator.kafka;

import org.apache.avro.Schema;

/** The two calls a Confluent-wire-format serde needs from a schema registry. */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject}, or finds it there, and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);
}
