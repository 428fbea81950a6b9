package io.equilibria.config;

/**
 * The distance d(e_A[i], e_B[i]) between paired discriminator embeddings that a generator
 * minimises. Each generator may use a different one: the paper's "exploiting boundaries".
 */
public enum EmbeddingDistance implements Choice {
    /** Sum of absolute differences. */
    L1,
    /** Euclidean norm of the difference. */
    L2,
    /** 1 - cosine similarity. */
    COSINE;
}
