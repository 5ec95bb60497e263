/* The restore decoder's beam Viterbi and confidences in C: the same algorithms, the same
 * arithmetic in the same order and the same tie-breaking as `viterbi_py` and `confidences_py`
 * in decode.py, which stay the reference (a test checks both give identical results). The language model stays in its Python dicts; what
 * C saves is the interpreter's work per (state, candidate) pair, about three quarters of it.
 *
 * Built by scripts/build_accel.py (`make setup`); without a C compiler decode.py uses Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef long long i64;

typedef struct {
    i64 state;
    double score;
    Py_ssize_t prev_pos;
    i64 prev_state;
    PyObject *edge; /* borrowed from the lattice; NULL for the start state */
} Entry;

/* The states reached at one position: entries in insertion order (as a Python dict keeps
 * them) and an open-addressing index from state to entry. */
typedef struct {
    Entry *entries;
    Py_ssize_t count, cap;
    Py_ssize_t *slots; /* entry index + 1; 0 is empty */
    Py_ssize_t nslots;
} Table;

typedef struct {
    i64 c;
    double wch;
    PyObject *edge;
    Py_ssize_t target;
} Single;

typedef struct {
    PyObject *tri, *bi, *bow1, *bow2, *uni;
    Py_ssize_t nuni;
    i64 k1;
} LM;

static Py_ssize_t slot_of(i64 state, Py_ssize_t nslots) {
    unsigned long long h = (unsigned long long)state * 0x9E3779B97F4A7C15ULL;
    return (Py_ssize_t)(h >> 20) & (nslots - 1);
}

static void table_free(Table *t) {
    PyMem_Free(t->entries);
    PyMem_Free(t->slots);
    t->entries = NULL;
    t->slots = NULL;
}

static Py_ssize_t table_find(const Table *t, i64 state) {
    if (t->nslots == 0)
        return -1;
    Py_ssize_t s = slot_of(state, t->nslots);
    for (;;) {
        Py_ssize_t k = t->slots[s];
        if (k == 0)
            return -1;
        if (t->entries[k - 1].state == state)
            return k - 1;
        s = (s + 1) & (t->nslots - 1);
    }
}

static int table_grow(Table *t) {
    Py_ssize_t nslots = t->nslots ? t->nslots * 2 : 16;
    Py_ssize_t *slots = PyMem_Calloc((size_t)nslots, sizeof(Py_ssize_t));
    if (!slots)
        return -1;
    for (Py_ssize_t k = 0; k < t->count; k++) {
        Py_ssize_t s = slot_of(t->entries[k].state, nslots);
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = k + 1;
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

/* `target[state] = entry` when the state is new or `score` beats it (the dict update of
 * the Python version: a new state goes last, a better score keeps the state's place). */
static int table_offer(Table *t, i64 state, double score, Py_ssize_t prev_pos, i64 prev_state, PyObject *edge) {
    Py_ssize_t k = table_find(t, state);
    if (k >= 0) {
        if (score > t->entries[k].score) {
            Entry *e = &t->entries[k];
            e->score = score;
            e->prev_pos = prev_pos;
            e->prev_state = prev_state;
            e->edge = edge;
        }
        return 0;
    }
    if ((t->count + 1) * 2 > t->nslots && table_grow(t) < 0)
        return -1;
    if (t->count == t->cap) {
        Py_ssize_t cap = t->cap ? t->cap * 2 : 8;
        Entry *entries = PyMem_Realloc(t->entries, (size_t)cap * sizeof(Entry));
        if (!entries)
            return -1;
        t->entries = entries;
        t->cap = cap;
    }
    Entry *e = &t->entries[t->count];
    e->state = state;
    e->score = score;
    e->prev_pos = prev_pos;
    e->prev_state = prev_state;
    e->edge = edge;
    Py_ssize_t s = slot_of(state, t->nslots);
    while (t->slots[s])
        s = (s + 1) & (t->nslots - 1);
    t->slots[s] = ++t->count;
    return 0;
}

/* dict.get(key) for a float value: 1 found, 0 absent, -1 error. */
static int lookup(PyObject *dict, i64 key, double *out) {
    PyObject *k = PyLong_FromLongLong(key);
    if (!k)
        return -1;
    PyObject *v = PyDict_GetItemWithError(dict, k);
    Py_DECREF(k);
    if (!v)
        return PyErr_Occurred() ? -1 : 0;
    *out = PyFloat_AsDouble(v);
    if (*out == -1.0 && PyErr_Occurred())
        return -1;
    return 1;
}

static int unigram(const LM *lm, i64 c, double *out) {
    if (c < 0 || c >= lm->nuni) {
        PyErr_SetString(PyExc_IndexError, "syllable id outside the unigram table");
        return -1;
    }
    *out = PyFloat_AsDouble(PyList_GET_ITEM(lm->uni, c));
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* LM.score: log10 P(c | a b), in the same order of operations. */
static int score3(const LM *lm, i64 a, i64 b, i64 c, double *out) {
    double p, w2 = 0.0, w1 = 0.0, u;
    int r = lookup(lm->tri, (a * lm->k1 + b) * lm->k1 + c, &p);
    if (r)
        return r < 0 ? -1 : (*out = p, 0);
    r = lookup(lm->bi, b * lm->k1 + c, &p);
    if (r < 0 || lookup(lm->bow2, a * lm->k1 + b, &w2) < 0)
        return -1;
    if (r) {
        *out = w2 + p;
        return 0;
    }
    if (lookup(lm->bow1, b, &w1) < 0 || unigram(lm, c, &u) < 0)
        return -1;
    *out = w2 + w1 + u;
    return 0;
}

typedef struct {
    Py_ssize_t index;
    double score;
} Item;

static int by_score(const void *x, const void *y) {
    const Item *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->index < b->index ? -1 : (a->index > b->index); /* stable, as list.sort */
}

static PyObject *viterbi(PyObject *self, PyObject *args) {
    LM lm;
    PyObject *positions;
    double weight, margin;
    Py_ssize_t beam;
    long long bos, eos;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!dndLLL", &PyDict_Type, &lm.tri, &PyDict_Type, &lm.bi,
                          &PyDict_Type, &lm.bow1, &PyDict_Type, &lm.bow2, &PyList_Type, &lm.uni,
                          &PyList_Type, &positions, &weight, &beam, &margin, &lm.k1, &bos, &eos))
        return NULL;
    lm.nuni = PyList_GET_SIZE(lm.uni);
    Py_ssize_t n = PyList_GET_SIZE(positions);
    Table *best = PyMem_Calloc((size_t)n + 1, sizeof(Table));
    Item *items = NULL;
    Single *singles = NULL;
    PyObject **multis = NULL;
    Py_ssize_t items_cap = 0, edges_cap = 0;
    PyObject *path = NULL;
    if (!best)
        return PyErr_NoMemory();
    if (table_offer(&best[0], bos * lm.k1 + bos, 0.0, -1, -1, NULL) < 0)
        goto nomem;

    for (Py_ssize_t i = 0; i < n; i++) {
        Table *states = &best[i];
        if (states->count == 0)
            continue;
        /* the states to extend: within `margin` of the best, at most `beam` of them */
        if (states->count > items_cap) {
            items_cap = states->count * 2;
            Item *grown = PyMem_Realloc(items, (size_t)items_cap * sizeof(Item));
            if (!grown)
                goto nomem;
            items = grown;
        }
        Py_ssize_t nitems = 0;
        if (states->count > 1) {
            double top = states->entries[0].score;
            for (Py_ssize_t k = 1; k < states->count; k++)
                if (states->entries[k].score > top)
                    top = states->entries[k].score;
            double floor = top - margin;
            for (Py_ssize_t k = 0; k < states->count; k++)
                if (states->entries[k].score > floor)
                    items[nitems++] = (Item){k, states->entries[k].score};
            if (nitems > beam) {
                qsort(items, (size_t)nitems, sizeof(Item), by_score);
                nitems = beam;
            }
        } else {
            items[nitems++] = (Item){0, states->entries[0].score};
        }
        /* this position's edges: one syllable (inlined lookups) or several */
        PyObject *here = PyList_GET_ITEM(positions, i);
        if (!PyList_Check(here)) {
            PyErr_SetString(PyExc_TypeError, "a position must be a list of edges");
            goto fail;
        }
        Py_ssize_t nedges = PyList_GET_SIZE(here), nsingles = 0, nmultis = 0;
        if (nedges > edges_cap) {
            edges_cap = nedges * 2;
            Single *s = PyMem_Realloc(singles, (size_t)edges_cap * sizeof(Single));
            if (!s)
                goto nomem;
            singles = s;
            PyObject **m = PyMem_Realloc(multis, (size_t)edges_cap * sizeof(PyObject *));
            if (!m)
                goto nomem;
            multis = m;
        }
        for (Py_ssize_t k = 0; k < nedges; k++) {
            PyObject *edge = PyList_GET_ITEM(here, k);
            if (!PyTuple_Check(edge) || PyTuple_GET_SIZE(edge) != 4 || !PyTuple_Check(PyTuple_GET_ITEM(edge, 1))) {
                PyErr_SetString(PyExc_TypeError, "an edge must be (span, ids, channel_logp, payload)");
                goto fail;
            }
            Py_ssize_t span = PyLong_AsSsize_t(PyTuple_GET_ITEM(edge, 0));
            double ch = PyFloat_AsDouble(PyTuple_GET_ITEM(edge, 2));
            if (PyErr_Occurred())
                goto fail;
            if (i + span > n)
                continue;
            PyObject *ids = PyTuple_GET_ITEM(edge, 1);
            if (PyTuple_GET_SIZE(ids) == 1) {
                i64 c = PyLong_AsLongLong(PyTuple_GET_ITEM(ids, 0));
                if (c == -1 && PyErr_Occurred())
                    goto fail;
                singles[nsingles++] = (Single){c, weight * ch, edge, i + span};
            } else {
                multis[nmultis++] = edge;
            }
        }
        for (Py_ssize_t t = 0; t < nitems; t++) {
            i64 state = states->entries[items[t].index].state;
            double score = items[t].score;
            i64 b = state % lm.k1, hk = state * lm.k1, bk = b * lm.k1;
            double bw2 = 0.0, bw1 = 0.0;
            int has2 = lookup(lm.bow2, state, &bw2), has1 = lookup(lm.bow1, b, &bw1);
            if (has2 < 0 || has1 < 0)
                goto fail;
            double back = bw2 + (has1 ? bw1 : 0.0);
            for (Py_ssize_t k = 0; k < nsingles; k++) {
                /* a seen history tries trigrams; a seen last word, bigrams; then unigrams (the
                 * three loops of the Python version, with their additions) */
                Single *s = &singles[k];
                double p = 0.0, u;
                int r = has2 ? lookup(lm.tri, hk + s->c, &p) : 0;
                if (r == 0 && (has2 || has1)) {
                    r = lookup(lm.bi, bk + s->c, &p);
                    if (r > 0 && has2)
                        p = bw2 + p;
                }
                if (r < 0)
                    goto fail;
                if (r == 0) {
                    if (unigram(&lm, s->c, &u) < 0)
                        goto fail;
                    p = has2 ? back + u : has1 ? bw1 + u : u;
                }
                if (table_offer(&best[s->target], bk + s->c, score + s->wch + p, i, state, s->edge) < 0)
                    goto nomem;
            }
            for (Py_ssize_t k = 0; k < nmultis; k++) {
                PyObject *edge = multis[k];
                Py_ssize_t span = PyLong_AsSsize_t(PyTuple_GET_ITEM(edge, 0));
                PyObject *ids = PyTuple_GET_ITEM(edge, 1);
                double total = score + weight * PyFloat_AsDouble(PyTuple_GET_ITEM(edge, 2));
                i64 x = state / lm.k1, y = b;
                for (Py_ssize_t m = 0; m < PyTuple_GET_SIZE(ids); m++) {
                    i64 c = PyLong_AsLongLong(PyTuple_GET_ITEM(ids, m));
                    double p;
                    if ((c == -1 && PyErr_Occurred()) || score3(&lm, x, y, c, &p) < 0)
                        goto fail;
                    total += p;
                    x = y;
                    y = c;
                }
                if (table_offer(&best[i + span], x * lm.k1 + y, total, i, state, edge) < 0)
                    goto nomem;
            }
        }
    }
    /* close the sentence */
    {
        Table *last = &best[n];
        int found = 0;
        double final_score = 0.0;
        i64 final_state = 0;
        for (Py_ssize_t k = 0; k < last->count; k++) {
            double p;
            i64 state = last->entries[k].state;
            if (score3(&lm, state / lm.k1, state % lm.k1, eos, &p) < 0)
                goto fail;
            double total = last->entries[k].score + p;
            if (!found || total > final_score) {
                found = 1;
                final_score = total;
                final_state = state;
            }
        }
        path = PyList_New(0);
        if (!path || !found)
            goto done;
        Py_ssize_t pos = n;
        i64 state = final_state;
        while (pos > 0) {
            Py_ssize_t k = table_find(&best[pos], state);
            Entry *e = &best[pos].entries[k];
            if (PyList_Append(path, e->edge) < 0) {
                Py_CLEAR(path);
                goto done;
            }
            pos = e->prev_pos;
            state = e->prev_state;
        }
        if (PyList_Reverse(path) < 0)
            Py_CLEAR(path);
    }
    goto done;
nomem:
    PyErr_NoMemory();
fail:
    Py_CLEAR(path);
done:
    for (Py_ssize_t i = 0; i <= n; i++)
        table_free(&best[i]);
    PyMem_Free(best);
    PyMem_Free(items);
    PyMem_Free(singles);
    PyMem_Free(multis);
    return path;
}


/* decode.confidences_py's lookup: its own order of additions (bow2 + (bow1 + uni)). */
static int local_score(const LM *lm, i64 a, i64 b, i64 c, double *out) {
    double p, w2 = 0.0, w1 = 0.0, u;
    i64 h = a * lm->k1 + b;
    int r = lookup(lm->tri, h * lm->k1 + c, &p);
    if (r)
        return r < 0 ? -1 : (*out = p, 0);
    r = lookup(lm->bi, b * lm->k1 + c, &p);
    if (r < 0 || lookup(lm->bow2, h, &w2) < 0)
        return -1;
    if (!r) {
        if (lookup(lm->bow1, b, &w1) < 0 || unigram(lm, c, &u) < 0)
            return -1;
        p = w1 + u;
    }
    *out = w2 + p;
    return 0;
}

static int edge_ids(PyObject *edge, PyObject **ids) {
    if (!PyTuple_Check(edge) || PyTuple_GET_SIZE(edge) != 4 || !PyTuple_Check(PyTuple_GET_ITEM(edge, 1))) {
        PyErr_SetString(PyExc_TypeError, "an edge must be (span, ids, channel_logp, payload)");
        return -1;
    }
    *ids = PyTuple_GET_ITEM(edge, 1);
    return 0;
}

static PyObject *confidences(PyObject *self, PyObject *args) {
    LM lm;
    PyObject *positions, *path, *out = NULL;
    double weight;
    Py_ssize_t max_alternatives;
    long long bos, eos;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!dnLLL", &PyDict_Type, &lm.tri, &PyDict_Type, &lm.bi,
                          &PyDict_Type, &lm.bow1, &PyDict_Type, &lm.bow2, &PyList_Type, &lm.uni,
                          &PyList_Type, &positions, &PyList_Type, &path, &weight, &max_alternatives,
                          &lm.k1, &bos, &eos))
        return NULL;
    lm.nuni = PyList_GET_SIZE(lm.uni);
    Py_ssize_t npath = PyList_GET_SIZE(path), nemitted = 3;
    PyObject *ids;
    for (Py_ssize_t k = 0; k < npath; k++) {
        if (edge_ids(PyList_GET_ITEM(path, k), &ids) < 0)
            return NULL;
        nemitted += PyTuple_GET_SIZE(ids);
    }
    i64 *emitted = PyMem_Malloc((size_t)nemitted * sizeof(i64));
    Py_ssize_t *starts = PyMem_Malloc((size_t)(npath + 1) * sizeof(Py_ssize_t));
    PyObject **alts = PyMem_Malloc((size_t)(max_alternatives + 1) * sizeof(PyObject *));
    double *scores = PyMem_Malloc((size_t)(max_alternatives + 1) * sizeof(double));
    if (!emitted || !starts || !alts || !scores) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t m = 0;
    emitted[m++] = bos;
    emitted[m++] = bos;
    for (Py_ssize_t k = 0; k < npath; k++) {
        starts[k] = m;
        ids = PyTuple_GET_ITEM(PyList_GET_ITEM(path, k), 1);
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(ids); j++) {
            emitted[m] = PyLong_AsLongLong(PyTuple_GET_ITEM(ids, j));
            if (emitted[m++] == -1 && PyErr_Occurred())
                goto done;
        }
    }
    emitted[m] = eos;
    out = PyList_New(npath);
    if (!out)
        goto done;
    Py_ssize_t pos = 0;
    for (Py_ssize_t k = 0; k < npath; k++) {
        PyObject *edge = PyList_GET_ITEM(path, k);
        if (pos >= PyList_GET_SIZE(positions)) {
            PyErr_SetString(PyExc_IndexError, "path longer than the lattice");
            goto fail;
        }
        PyObject *here = PyList_GET_ITEM(positions, pos);
        PyObject *span_obj = PyTuple_GET_ITEM(edge, 0);
        Py_ssize_t span = PyLong_AsSsize_t(span_obj);
        if (span == -1 && PyErr_Occurred())
            goto fail;
        pos += span;
        double conf = 1.0;
        if (PyList_Check(here) && PyList_GET_SIZE(here) != 1) {
            Py_ssize_t nalts = 0;
            int has_chosen = 0;
            for (Py_ssize_t j = 0; j < PyList_GET_SIZE(here) && nalts < max_alternatives; j++) {
                PyObject *e = PyList_GET_ITEM(here, j);
                if (edge_ids(e, &ids) < 0)
                    goto fail;
                Py_ssize_t espan = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 0));
                if (espan == -1 && PyErr_Occurred())
                    goto fail;
                if (espan == span) {
                    alts[nalts++] = e;
                    has_chosen |= e == edge;
                }
            }
            if (!has_chosen)
                alts[nalts++] = edge;
            if (nalts > 1) {
                Py_ssize_t s = starts[k];
                i64 left_a = emitted[s - 2], left_b = emitted[s - 1];
                i64 right = emitted[s + PyTuple_GET_SIZE(PyTuple_GET_ITEM(edge, 1))];
                double top = -1e30, chosen = 0.0, z = 0.0;
                for (Py_ssize_t j = 0; j < nalts; j++) {
                    PyObject *alt = alts[j], *alt_ids = PyTuple_GET_ITEM(alt, 1);
                    i64 a = left_a, b = left_b;
                    double total = weight * PyFloat_AsDouble(PyTuple_GET_ITEM(alt, 2));
                    if (PyErr_Occurred())
                        goto fail;
                    Py_ssize_t nids = PyTuple_GET_SIZE(alt_ids);
                    for (Py_ssize_t q = 0; q <= nids; q++) {
                        i64 c = right;
                        double p;
                        if (q < nids) {
                            c = PyLong_AsLongLong(PyTuple_GET_ITEM(alt_ids, q));
                            if (c == -1 && PyErr_Occurred())
                                goto fail;
                        }
                        if (local_score(&lm, a, b, c, &p) < 0)
                            goto fail;
                        total += p;
                        a = b;
                        b = c;
                    }
                    scores[j] = total;
                    if (total > top)
                        top = total;
                    if (alt == edge)
                        chosen = total;
                }
                for (Py_ssize_t j = 0; j < nalts; j++)
                    z += pow(10.0, scores[j] - top);
                conf = pow(10.0, chosen - top) / z;
            }
        }
        PyObject *value = PyFloat_FromDouble(conf);
        if (!value)
            goto fail;
        PyList_SET_ITEM(out, k, value);
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(emitted);
    PyMem_Free(starts);
    PyMem_Free(alts);
    PyMem_Free(scores);
    return out;
}

static PyMethodDef methods[] = {
    {"viterbi", viterbi, METH_VARARGS,
     "viterbi(tri, bi, bow1, bow2, uni, positions, weight, beam, margin, k1, bos, eos) -> path"},
    {"confidences", confidences, METH_VARARGS,
     "confidences(tri, bi, bow1, bow2, uni, positions, path, weight, max_alternatives, k1, bos, eos) -> list"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_decode", "C beam Viterbi (see decode.py).", -1, methods};

PyMODINIT_FUNC PyInit__decode(void) { return PyModule_Create(&module); }
