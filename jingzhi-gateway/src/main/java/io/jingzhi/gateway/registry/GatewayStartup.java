package io.jingzhi.gateway.registry;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.provider.InProcessEmbeddings;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** At start: the in-process embedding models are registered (unless switched off) and the catalog is loaded. */
@Component
@Order(20)
class GatewayStartup implements ApplicationRunner {

  private final ModelRepository repository;
  private final ModelService service;
  private final ModelCatalog catalog;
  private final GatewayProperties properties;

  GatewayStartup(ModelRepository repository, ModelService service, ModelCatalog catalog,
      GatewayProperties properties) {
    this.repository = repository;
    this.service = service;
    this.catalog = catalog;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (properties.embeddedModel() && repository.findByName(InProcessEmbeddings.MODEL_NAME).isEmpty()) {
      service.upsert(new ModelService.ModelSpec(InProcessEmbeddings.MODEL_NAME, ModelKind.EMBEDDING,
          Model.PROVIDER_IN_PROCESS, "BGE", "1.5", "24M", 512, "text", true, List.of("embedding", "中文", "内置"),
          "BAAI bge-small-zh-v1.5, served in this process (512 dimensions)", null, null, false, true, List.of(),
          List.of()));
    }
    // The int8 build as a model of its own (a knowledge base picks it by name), so an existing install gets it too.
    if (properties.embeddedModel() && repository.findByName(InProcessEmbeddings.QUANTISED_MODEL_NAME).isEmpty()) {
      service.upsert(new ModelService.ModelSpec(InProcessEmbeddings.QUANTISED_MODEL_NAME, ModelKind.EMBEDDING,
          Model.PROVIDER_IN_PROCESS, "BGE", "1.5-int8", "24M", 512, "text", true,
          List.of("embedding", "中文", "内置", "int8"),
          "BAAI bge-small-zh-v1.5 quantised to int8, served in this process (512 dimensions): faster ingestion, "
              + "slightly lower retrieval quality than the fp32 model", null, null, false, true, List.of(),
          List.of()));
    }
    // The static model distilled from the fp32 one (256 dimensions): ingestion at table-lookup speed.
    if (properties.embeddedModel() && repository.findByName(InProcessEmbeddings.STATIC_MODEL_NAME).isEmpty()) {
      service.upsert(new ModelService.ModelSpec(InProcessEmbeddings.STATIC_MODEL_NAME, ModelKind.EMBEDDING,
          Model.PROVIDER_IN_PROCESS, "BGE", "1.5-static", "5M", 8192, "text", true,
          List.of("embedding", "中文", "内置", "static"),
          "Static embeddings distilled from BAAI bge-small-zh-v1.5 (Model2Vec method), served in this process "
              + "(256 dimensions): a table lookup per token, hundreds of times faster to ingest, clearly lower vector "
              + "quality than bge — for large bases searched in hybrid mode", null, null, false, true, List.of(),
          List.of()));
    }
    catalog.refresh();
  }
}
