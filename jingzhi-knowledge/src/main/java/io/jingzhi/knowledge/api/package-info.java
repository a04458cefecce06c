/** What other modules may use of the knowledge hub: retrieval as a caller ({@link io.jingzhi.knowledge.api.KnowledgeRetrieval}). */
package io.jingzhi.knowledge.api;
