/* The compiled roster tally: a CSV roster summed cluster by cluster in one pass.
 *
 * It reads the plain subset of CSV that spreadsheet exports write -- commas, double quotes
 * around a whole field with doubled quotes inside, CR, LF or CRLF line ends -- in UTF-8, and
 * sums each cluster's firms exactly: money as integers of 元 x 10^6, counts as integers.
 * What a cell means is decided in Python (clustercheck._roster_fast), once per distinct text
 * for words (sizes, yes/no, cluster names) and whenever a number or code is not plain, so
 * every rule lives in one place. Whatever falls outside the subset -- a bad cell, a quote
 * inside an unquoted field, a duplicate credit code, a figure it cannot hold exactly --
 * makes feed() return -1, and the caller reads the file again row by row.
 *
 * A large file is read on two threads: once `split` bytes are waiting, they are cut at a line
 * end outside quotes near their middle, and each half is read by its own Part (cluster sums,
 * word caches, codes) without the GIL, which a thread takes back only to ask Python about a
 * cell. Every firm counted carries a key that grows in file order, so that the parts' names
 * and clusters are put back in the order one reader would have met them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if !defined(_WIN32)
#include <pthread.h>
#define HAVE_THREADS 1
#else
#define HAVE_THREADS 0
#endif

/* What a column holds; the Python side names columns by these numbers. */
enum {
    K_NAME, K_CREDIT, K_CLUSTER, K_BUSINESS, K_REVENUE, K_RD, K_EMPLOYEES, K_SIZE, K_SECTOR,
    K_MAIN, K_RELATED, K_REGION, K_KINDS
};
/* The three money columns, in the order of Tally's sums. */
enum { M_REVENUE, M_MAIN, M_RD, M_SUMS };
/* Lists of firms lacking something, in the order clusters() returns them. */
enum { L_REVENUE, L_MAIN_FLAG, L_RD, L_BUSINESS, L_PROXIED, L_UNDECIDED, L_LISTS };
enum { OP_GT, OP_GE, OP_LT, OP_LE };

#define SCALE_DIGITS 6 /* money is held as 元 x 10^6 */
/* csv.field_size_limit() by default, in characters. The tally counts the bytes of a field as
 * written, its quotes included, which are never fewer: it gives up on every field csv refuses. */
#define FIELD_LIMIT 131072
#define GIVE_UP (-1)
#define FAILED (-2) /* a Python exception is set */

/* An array of *cap items of item_size bytes made twice as long (first items when empty);
 * NULL when memory runs out, the array then left as it was. It needs no GIL: the caller says
 * that memory ran out once it holds it. */
static void *
doubled(void *items, Py_ssize_t *cap, size_t item_size, Py_ssize_t first)
{
    Py_ssize_t size = *cap ? *cap * 2 : first;
    void *more = PyMem_RawRealloc(items, (size_t)size * item_size);
    if (more == NULL)
        return NULL;
    *cap = size;
    return more;
}

/* ---------------------------------------------------------------- byte-string maps */

/* Open-addressing map from a byte string to a number: the cache of what each distinct
 * text of a word column means. A slot is one cache line, holding its key when the key is
 * short (as cluster names are), so that a lookup touches one line. */
#define INLINE_KEY 40
typedef struct {
    uint64_t hash;
    long long value;
    int32_t len;
    int32_t used;
    union {
        char *key; /* longer than INLINE_KEY */
        char bytes[INLINE_KEY];
    } key;
} Slot;

typedef struct {
    Slot *slots;           /* aligned to 64 bytes within raw */
    void *raw;
    Py_ssize_t size, used; /* size is a power of two */
} TextMap;

static inline const char *
slot_key(const Slot *slot)
{
    return slot->len <= INLINE_KEY ? slot->key.bytes : slot->key.key;
}

/* A hash of the bytes, eight at a time, the length mixed in with the last ones. */
static uint64_t
hash_bytes(const char *s, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ULL, word;
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&word, s + i, 8);
        h = (h ^ word) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    word = 0;
    if (n > i) /* fewer than eight: the top byte stays free for the length */
        memcpy(&word, s + i, (size_t)(n - i));
    h = (h ^ word ^ ((uint64_t)n << 56)) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

static Slot *
textmap_find(TextMap *map, const char *key, Py_ssize_t len, uint64_t hash)
{
    Py_ssize_t mask = map->size - 1, i = (Py_ssize_t)(hash & (uint64_t)mask);
    for (;;) {
        Slot *slot = &map->slots[i];
        if (!slot->used || (slot->hash == hash && slot->len == len &&
                            memcmp(slot_key(slot), key, (size_t)len) == 0))
            return slot;
        i = (i + 1) & mask;
    }
}

static int
textmap_grow(TextMap *map)
{
    Py_ssize_t old_size = map->size, size = old_size ? old_size * 2 : 64;
    void *raw = PyMem_RawCalloc((size_t)size + 1, sizeof(Slot));
    if (raw == NULL)
        return -1;
    Slot *old = map->slots, *slots = (Slot *)(((uintptr_t)raw + 63) & ~(uintptr_t)63);
    void *old_raw = map->raw;
    map->slots = slots;
    map->raw = raw;
    map->size = size;
    for (Py_ssize_t i = 0; i < old_size; i++)
        if (old[i].used) {
            Slot *slot = &map->slots[(Py_ssize_t)(old[i].hash & (uint64_t)(size - 1))];
            while (slot->used)
                slot = slot == &map->slots[size - 1] ? map->slots : slot + 1;
            *slot = old[i];
        }
    PyMem_RawFree(old_raw);
    return 0;
}

static int
textmap_put(TextMap *map, const char *key, Py_ssize_t len, uint64_t hash, long long value)
{
    if (len > INT32_MAX)
        return -1;
    if ((map->used + 1) * 4 > map->size * 3 && textmap_grow(map) < 0) /* at most 3/4 full */
        return -1;
    Slot *slot = textmap_find(map, key, len, hash);
    if (len > INLINE_KEY) {
        char *copy = PyMem_RawMalloc((size_t)len);
        if (copy == NULL)
            return -1;
        memcpy(copy, key, (size_t)len);
        slot->key.key = copy;
    } else {
        memcpy(slot->key.bytes, key, (size_t)len);
    }
    slot->len = (int32_t)len;
    slot->used = 1;
    slot->hash = hash;
    slot->value = value;
    map->used++;
    return 0;
}

/* Adds to one map what the other knows and it does not: 0, or -1 when memory runs out. */
static int
textmap_learn(TextMap *to, const TextMap *from)
{
    for (Py_ssize_t i = 0; i < from->size; i++) {
        const Slot *slot = &from->slots[i];
        if (!slot->used)
            continue;
        if (to->size && textmap_find(to, slot_key(slot), slot->len, slot->hash)->used)
            continue;
        if (textmap_put(to, slot_key(slot), slot->len, slot->hash, slot->value) < 0)
            return -1;
    }
    return 0;
}

static void
textmap_free(TextMap *map)
{
    for (Py_ssize_t i = 0; i < map->size; i++)
        if (map->slots[i].used && map->slots[i].len > INLINE_KEY)
            PyMem_RawFree(map->slots[i].key.key);
    PyMem_RawFree(map->raw);
    map->slots = map->raw = NULL;
    map->size = map->used = 0;
}

/* ---------------------------------------------------------------- credit codes */

/* The value of each character of GB 32100-2015 (0-30), or -1. */
static signed char code_value[256];
static const int code_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Bytes that end an unquoted field, or (a quote) take it outside the plain subset. */
static unsigned char field_end[256];

#define BYTES_OF(c) (0x0101010101010101ULL * (unsigned char)(c))
/* Whether the first of eight bytes that matches can be found from a mask of them. */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_SCAN 1
#else
#define FAST_SCAN 0
#endif

/* Whether any of the eight bytes of x is zero. */
static inline uint64_t
zero_byte(uint64_t x)
{
    return (x - BYTES_OF(1)) & ~x & BYTES_OF(0x80);
}

/* UTF-8 by its first byte: the length of the character (0: not a first byte) and the range
 * of its second byte, which rules out overlong forms, surrogates and code points above
 * U+10FFFF, as Python's decoder does. */
static unsigned char utf8_size[256], utf8_second_lo[256], utf8_second_hi[256];

static void
init_tables(void)
{
    field_end[','] = field_end['\r'] = field_end['\n'] = field_end['"'] = 1;
    for (int b = 0; b < 256; b++) {
        utf8_size[b] = b < 0x80 ? 1 : b < 0xC2 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
        utf8_second_lo[b] = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
        utf8_second_hi[b] = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    }
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    memset(code_value, -1, sizeof code_value);
    for (int i = 0; alphabet[i]; i++)
        code_value[(unsigned char)alphabet[i]] = (signed char)i;
}

/* Whether s is 18 characters of the code alphabet with the right check character. */
static int
plain_credit_code(const char *s, Py_ssize_t n)
{
    if (n != 18)
        return 0;
    int total = 0;
    for (int i = 0; i < 17; i++) {
        int v = code_value[(unsigned char)s[i]];
        if (v < 0)
            return 0;
        total += v * code_weights[i];
    }
    int check = code_value[(unsigned char)s[17]];
    return check >= 0 && check == (31 - total % 31) % 31;
}

/* A valid code and its cluster packed into two words (5 bits a character for the first 17;
 * the 18th follows from them). */
typedef struct {
    uint64_t lo, hi;
} CodeKey;

/* Every code read, in order; duplicates are looked for once, after the last row, because
 * appending is cheap where a lookup per row would miss the cache on a large roster. */
typedef struct {
    CodeKey *keys;
    Py_ssize_t n, cap;
} CodeList;

static CodeKey
pack_code(const char *s, Py_ssize_t cluster)
{
    CodeKey key = {0, 0};
    for (int i = 0; i < 12; i++)
        key.lo = (key.lo << 5) | (uint64_t)code_value[(unsigned char)s[i]];
    for (int i = 12; i < 17; i++)
        key.hi = (key.hi << 5) | (uint64_t)code_value[(unsigned char)s[i]];
    key.hi |= (uint64_t)cluster << 25;
    return key;
}

static int
codes_push(CodeList *list, CodeKey key)
{
    if (list->n == list->cap) {
        CodeKey *keys = doubled(list->keys, &list->cap, sizeof *keys, 1024);
        if (keys == NULL)
            return -1;
        list->keys = keys;
    }
    list->keys[list->n++] = key;
    return 0;
}

static uint64_t
code_hash(CodeKey key)
{
    return (key.lo ^ (key.hi * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
}

#define CODE_BUCKET_BITS 8

/* Whether any code of the two lists appears twice in one cluster: 1, 0, or -1 on failure.
 * The codes are split into buckets by hash, so that each bucket's table fits in the cache. */
static int
codes_repeat(const CodeList *one, const CodeList *two)
{
    const CodeList *lists[2] = {one, two};
    Py_ssize_t n = one->n + two->n, start[(1 << CODE_BUCKET_BITS) + 1] = {0};
    if (n < 2)
        return 0;
    CodeKey *sorted = PyMem_Malloc((size_t)n * sizeof(CodeKey));
    Py_ssize_t table_size = 16;
    while (table_size < 4 * (n >> CODE_BUCKET_BITS) + 16)
        table_size *= 2;
    CodeKey *table = PyMem_Malloc((size_t)table_size * sizeof(CodeKey));
    unsigned char *used = PyMem_Malloc((size_t)table_size);
    int repeat = 0;
    if (sorted == NULL || table == NULL || used == NULL) {
        PyErr_NoMemory();
        repeat = -1;
        goto done;
    }
    for (int l = 0; l < 2; l++)
        for (Py_ssize_t i = 0; i < lists[l]->n; i++)
            start[(code_hash(lists[l]->keys[i]) >> (64 - CODE_BUCKET_BITS)) + 1]++;
    for (int b = 0; b < 1 << CODE_BUCKET_BITS; b++)
        start[b + 1] += start[b];
    Py_ssize_t fill[1 << CODE_BUCKET_BITS];
    memcpy(fill, start, sizeof fill);
    for (int l = 0; l < 2; l++)
        for (Py_ssize_t i = 0; i < lists[l]->n; i++) {
            CodeKey key = lists[l]->keys[i];
            sorted[fill[code_hash(key) >> (64 - CODE_BUCKET_BITS)]++] = key;
        }
    for (int b = 0; b < 1 << CODE_BUCKET_BITS && !repeat; b++) {
        Py_ssize_t count = start[b + 1] - start[b], size = 16;
        while (size < 2 * count)
            size *= 2;
        if (size > table_size) { /* a bucket far above the average: grow the table */
            CodeKey *bigger = PyMem_Realloc(table, (size_t)size * sizeof(CodeKey));
            unsigned char *more = bigger ? PyMem_Realloc(used, (size_t)size) : NULL;
            if (bigger)
                table = bigger;
            if (more)
                used = more;
            if (bigger == NULL || more == NULL) {
                PyErr_NoMemory();
                repeat = -1;
                break;
            }
            table_size = size;
        }
        memset(used, 0, (size_t)size);
        for (Py_ssize_t i = start[b]; i < start[b + 1] && !repeat; i++) {
            CodeKey key = sorted[i];
            Py_ssize_t slot = (Py_ssize_t)(code_hash(key) & (uint64_t)(size - 1));
            while (used[slot] && !(table[slot].lo == key.lo && table[slot].hi == key.hi))
                slot = (slot + 1) & (size - 1);
            if (used[slot])
                repeat = 1;
            used[slot] = 1;
            table[slot] = key;
        }
    }
done:
    PyMem_Free(sorted);
    PyMem_Free(table);
    PyMem_Free(used);
    return repeat;
}

/* ---------------------------------------------------------------- per-cluster sums */

typedef struct {
    const char *text;
    Py_ssize_t len;
} Cell;

/* A firm's name kept for one of its cluster's lists: the firm's key, its cluster and list,
 * and its bytes in the part's arena. A part logs them all in one array, in file order (a
 * cluster keeps no list of its own: most have few names, and many clusters then cost less). */
typedef struct {
    uint64_t key;
    size_t at;
    uint32_t cluster, list, len;
} Named;

/* A cluster's lists of names: the first names of each list of firms lacking something, then
 * three lists per leader test (certain, proxied, at a strict test's threshold exactly), then
 * the related SMEs. */
#define LEADERS L_LISTS
#define SMES(t) (L_LISTS + 3 * (t)->n_tests)
#define LISTS(t) (SMES(t) + 1)

/* What a part counted of a cluster, the fields each row touches first. */
typedef struct {
    int seen;                                /* whether a firm of it was counted by this part */
    int decimals[M_SUMS];                    /* most decimal places of a figure summed */
    long long firms, related_smes;
    uint64_t sum_lo[M_SUMS];                 /* 128-bit sums of 元 x 10^6 */
    long long lacking[L_LISTS];              /* how many firms lack each */
    long long region;   /* the index of the region its firms give, plus one; 0: none given */
    uint64_t first;     /* the key of its first firm */
    uint64_t sum_hi[M_SUMS];
} Cluster;

typedef struct {
    int op;
    long long threshold; /* 元 x 10^6 */
} LeaderTest;

typedef struct {
    Cell *fields;
    Py_ssize_t n, cap;
} Fields;

typedef struct {
    long long *lines;
    Py_ssize_t n, cap;
} Lines;

/* What one reader of the file (the whole of it, or every other half) has counted. A part
 * reading without the GIL takes it back through `released` to call Python, keeps an exception
 * raised there in `error`, and notes in `no_memory` that memory ran out. */
typedef struct {
    PyThreadState *released; /* NULL: the GIL is held */
#if HAVE_THREADS
    pthread_mutex_t *calls;  /* held around each call to Python while released */
#endif
    PyObject *error[3];      /* the exception of a failed call (type, value, traceback) */
    int no_memory;
    long long line;          /* lines read so far (of the half, on the second thread) */
    long long row_line;      /* the first line of the record being counted */
    long long last_line;     /* line of the last firm counted; 0: none */
    long long header_line;   /* records beginning on a line up to it are passed over */
    uint64_t key;            /* the key of the next firm */
    Lines blank;             /* lines of empty rows */
    TextMap words[K_KINDS];
    Py_ssize_t learned[K_KINDS]; /* how many words the other part's map held when last learnt */
    CodeList codes;
    CodeList rows;           /* a digest of each firm without a credit code, and its cluster */
    Cluster *clusters;       /* by the index convert() gave the cluster */
    Py_ssize_t n_clusters, cap_clusters;
    char *names;             /* the bytes of the names kept */
    size_t names_len, names_cap;
    Named *log;              /* the names kept, in file order */
    Py_ssize_t logged, log_cap;
    Fields fields;
    char *scratch;           /* quoted fields unquoted */
    Py_ssize_t scratch_cap;
} Part;

typedef struct {
    PyObject_HEAD
    Py_ssize_t column[K_KINDS]; /* cell index of each kind, -1 when absent */
    Py_ssize_t width;           /* cells up to the header's last named one */
    long long factor[3];        /* 元 per unit of the business, revenue and R&D columns; 0: none */
    PyObject *convert;          /* convert(kind, text) -> what the text means */
    LeaderTest *tests;
    Py_ssize_t n_tests;
    long long revenue_limit, employee_limit;
    Py_UCS4 *spaces; /* whitespace code points above ASCII, sorted */
    Py_ssize_t n_spaces;
    unsigned char space_first[256], space_last[256]; /* bytes that can begin / end one */
    int list_smes;
    Py_ssize_t names_shown;
    Py_ssize_t header_line; /* records that begin on a line up to it are the header or above */
    Py_ssize_t split;       /* pending bytes read on two threads; 0: one thread only */
    Part main;              /* the file, or the first half of each piece read on two threads */
    Part *side;             /* the second halves, or NULL */
    uint64_t epoch;         /* the keys of main's firms: epoch << 40 on; the side's are odd */
    long long halves;       /* how many times bytes were read in two halves at once */
    int stage;             /* READING, then DONE after the last piece, or GAVE_UP */
    char *pending;         /* bytes received and not yet used: the start of an unfinished row */
    Py_ssize_t pending_len, pending_cap;
    Py_ssize_t checked;    /* how many pending bytes are known to be valid UTF-8 */
    int unfinished;        /* whether the pending bytes start a row whose end is not yet seen */
    Py_ssize_t scanned;    /* how far the look for that end got */
    Py_ssize_t field_start; /* where the field being looked through started */
    int quoted;            /* whether the look stopped inside quotes */
    PyObject *order;       /* the clusters' indexes in the order of their first firms */
#if HAVE_THREADS
    /* One of the two threads at a time calls Python: convert() may let the GIL go midway
     * (Python switches threads every few milliseconds), and must not be entered twice. */
    pthread_mutex_t calls;
    int calls_made;
#endif
} Tally;

enum { READING, DONE, GAVE_UP };
#define EPOCH_BITS 40

static void
part_clear(Part *p)
{
    PyMem_RawFree(p->clusters);
    PyMem_RawFree(p->log);
    for (int k = 0; k < K_KINDS; k++)
        textmap_free(&p->words[k]);
    PyMem_RawFree(p->codes.keys);
    PyMem_RawFree(p->rows.keys);
    PyMem_RawFree(p->blank.lines);
    PyMem_RawFree(p->names);
    PyMem_RawFree(p->fields.fields);
    PyMem_RawFree(p->scratch);
    for (int i = 0; i < 3; i++)
        Py_CLEAR(p->error[i]);
    memset(p, 0, sizeof *p);
}

/* Notes that memory ran out; FAILED. */
static int
no_memory(Part *p)
{
    p->no_memory = 1;
    return FAILED;
}

/* Raises what made a part fail (the GIL held). */
static void
part_raise(Part *p)
{
    if (p->error[0] != NULL) {
        PyErr_Restore(p->error[0], p->error[1], p->error[2]);
        p->error[0] = p->error[1] = p->error[2] = NULL;
    } else if (p->no_memory) {
        p->no_memory = 0;
        PyErr_NoMemory();
    } else if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_SystemError, "the tally failed without saying why");
    }
}

/* The cluster of that index, made when first met; NULL when memory runs out. */
static Cluster *
cluster_at(Tally *t, Part *p, Py_ssize_t index)
{
    if (index >= p->n_clusters) {
        while (index >= p->cap_clusters) {
            Cluster *clusters = doubled(p->clusters, &p->cap_clusters, sizeof *clusters, 64);
            if (clusters == NULL)
                return NULL;
            p->clusters = clusters;
        }
        memset(&p->clusters[p->n_clusters], 0, (size_t)(index + 1 - p->n_clusters) * sizeof(Cluster));
        p->n_clusters = index + 1;
    }
    Cluster *c = &p->clusters[index];
    if (!c->seen) {
        c->seen = 1;
        c->first = p->key;
    }
    return c;
}
/* ---------------------------------------------------------------- cells */

/* The code point starting at s (valid UTF-8, n > 0), and its length in bytes. */
static Py_UCS4
first_code_point(const unsigned char *s, Py_ssize_t n, int *size)
{
    unsigned char b = s[0];
    if (b < 0x80 || n < 2) {
        *size = 1;
        return b;
    }
    if (b < 0xE0) {
        *size = 2;
        return ((Py_UCS4)(b & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (b < 0xF0 || n < 4) {
        *size = 3;
        return ((Py_UCS4)(b & 0x0F) << 12) | ((Py_UCS4)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *size = 4;
    return ((Py_UCS4)(b & 0x07) << 18) | ((Py_UCS4)(s[1] & 0x3F) << 12) |
           ((Py_UCS4)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Writes cp as UTF-8; returns its length in bytes. */
static int
utf8_encode(Py_UCS4 cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int
is_space(Tally *t, Py_UCS4 cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
    if (t->n_spaces == 0 || cp > t->spaces[t->n_spaces - 1]) /* most of CJK */
        return 0;
    Py_ssize_t lo = 0, hi = t->n_spaces;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (t->spaces[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n_spaces && t->spaces[lo] == cp;
}

/* The cell without the whitespace str.strip() removes, where it may have some. */
static Cell
strip_spaces(Tally *t, Cell cell)
{
    const unsigned char *s = (const unsigned char *)cell.text;
    Py_ssize_t start = 0, end = cell.len;
    int size;
    while (start < end && t->space_first[s[start]] &&
           is_space(t, first_code_point(s + start, end - start, &size)))
        start += size;
    while (end > start && t->space_last[s[end - 1]]) {
        Py_ssize_t last = end - 1;
        while (last > start && (s[last] & 0xC0) == 0x80)
            last--;
        if (!is_space(t, first_code_point(s + last, end - last, &size)))
            break;
        end = last;
    }
    cell.text += start;
    cell.len = end - start;
    return cell;
}

/* The cell without the whitespace str.strip() removes: most cells neither begin nor end
 * with a byte that can start or end a space, and are as they are. */
static inline Cell
strip(Tally *t, Cell cell)
{
    const unsigned char *s = (const unsigned char *)cell.text;
    if (cell.len == 0 || (!t->space_first[s[0]] && !t->space_last[s[cell.len - 1]]))
        return cell;
    return strip_spaces(t, cell);
}

static PyObject *
cell_bytes(Cell cell)
{
    return PyBytes_FromStringAndSize(cell.text, cell.len);
}

/* Calls convert(kind, text); NULL with the exception set when it fails. */
static PyObject *
convert_cell(Tally *t, int kind, Cell cell)
{
    PyObject *text = cell_bytes(cell);
    if (text == NULL)
        return NULL;
    PyObject *result = PyObject_CallFunction(t->convert, "iO", kind, text);
    Py_DECREF(text);
    return result;
}

/* A Python int as a long long; GIVE_UP when it does not fit. */
static int
as_long_long(PyObject *number, long long *out)
{
    long long value = PyLong_AsLongLong(number);
    if (value == -1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError) && !PyErr_ExceptionMatches(PyExc_TypeError))
            return FAILED;
        PyErr_Clear();
        return GIVE_UP;
    }
    *out = value;
    return 0;
}

/* Takes the GIL back for a call to Python, where the part reads without it. */
static inline void
gil_take(Part *p)
{
    if (p->released != NULL) {
#if HAVE_THREADS
        pthread_mutex_lock(p->calls);
#endif
        PyEval_RestoreThread(p->released);
    }
}

/* Gives the GIL up again after a call to Python that came to status, keeping in the part the
 * exception a failed call left; status. */
static inline int
gil_give(Part *p, int status)
{
    if (p->released != NULL) {
        if (status == FAILED && PyErr_Occurred() && p->error[0] == NULL)
            PyErr_Fetch(&p->error[0], &p->error[1], &p->error[2]);
        p->released = PyEval_SaveThread();
#if HAVE_THREADS
        pthread_mutex_unlock(p->calls);
#endif
    }
    return status;
}

/* convert(kind, text) as a long long: 0, GIVE_UP or FAILED. */
static int
converted_number(Tally *t, Part *p, int kind, Cell cell, long long *out)
{
    gil_take(p);
    PyObject *result = convert_cell(t, kind, cell);
    int status = result == NULL ? FAILED : as_long_long(result, out);
    Py_XDECREF(result);
    return gil_give(p, status);
}

static int invisible_in(Cell cell);

/* The meaning of a word (size, sector, yes/no, cluster name), cached by its text. */
static int
word_value(Tally *t, Part *p, int kind, Cell cell, long long *out)
{
    TextMap *map = &p->words[kind];
    uint64_t hash = hash_bytes(cell.text, cell.len);
    if (map->size) {
        Slot *slot = textmap_find(map, cell.text, cell.len, hash);
        if (slot->used) {
            *out = slot->value;
            return 0;
        }
    }
    /* A name with a character that shows as nothing is left to the row reader (see
     * invisible_in): looked for once per distinct text. */
    if ((kind == K_CLUSTER || kind == K_REGION) && invisible_in(cell))
        return GIVE_UP;
    int status = converted_number(t, p, kind, cell, out);
    if (status < 0)
        return status;
    return textmap_put(map, cell.text, cell.len, hash, *out) < 0 ? no_memory(p) : 0;
}

/* *out = a * b for a, b >= 0, unless that overflows. */
static int
mul_fits(long long a, long long b, long long *out)
{
#if defined(__GNUC__) || defined(__clang__)
    return !__builtin_mul_overflow(a, b, out);
#else
    if (a != 0 && b > LLONG_MAX / a)
        return 0;
    *out = a * b;
    return 1;
#endif
}

/* Money in 元 x 10^6 and its decimal places: plain digits, with commas only as thousands
 * separators (between groups of three digits of the whole part: 1,234,567.8), times the
 * column's unit; anything else (1,5 or 1.234,5 too) is read in Python, which refuses it. */
static int
money_value(Tally *t, Part *p, int kind, Cell cell, long long *value, int *decimals)
{
    long long factor = t->factor[kind - K_BUSINESS];
    if (factor > 0) {
        long long digits = 0;
        int n_digits = 0, places = -1, plain = 1, group = -1; /* group: digits since a comma */
        for (Py_ssize_t i = 0; i < cell.len && plain; i++) {
            char c = cell.text[i];
            if (c >= '0' && c <= '9') {
                if (n_digits == 18) { /* a 19th digit may not fit: read in Python */
                    plain = 0;
                    break;
                }
                digits = digits * 10 + (c - '0');
                n_digits++;
                if (places >= 0)
                    places++;
                else if (group >= 0)
                    group++;
            } else if (c == '.' && places < 0) {
                plain = group < 0 || group == 3;
                places = 0;
            } else if (c == ',' && places < 0 && (group < 0 ? n_digits >= 1 && n_digits <= 3 : group == 3)) {
                group = 0;
            } else {
                plain = 0;
            }
        }
        if (places < 0 && group >= 0 && group != 3)
            plain = 0;
        if (places < 0)
            places = 0;
        long long scaled, power = 1;
        for (int i = places; i < SCALE_DIGITS; i++)
            power *= 10;
        if (plain && n_digits > 0 && places <= SCALE_DIGITS && mul_fits(digits, factor, &scaled) &&
            mul_fits(scaled, power, value)) {
            *decimals = places;
            return 0;
        }
    }
    gil_take(p);
    PyObject *result = convert_cell(t, kind, cell);
    if (result == NULL)
        return gil_give(p, FAILED);
    PyObject *number = NULL, *places = NULL;
    int status = GIVE_UP;
    if (PyArg_ParseTuple(result, "OO", &number, &places)) {
        long long d;
        status = as_long_long(number, value);
        if (status == 0)
            status = as_long_long(places, &d);
        if (status == 0) {
            if (d < 0 || d > SCALE_DIGITS)
                status = GIVE_UP;
            *decimals = (int)d;
        }
    } else if (!PyErr_ExceptionMatches(PyExc_TypeError)) {
        status = FAILED;
    } else {
        PyErr_Clear();
    }
    Py_DECREF(result);
    return gil_give(p, status);
}

/* A count of employees: plain ASCII digits, else read in Python. */
static int
count_value(Tally *t, Part *p, Cell cell, long long *out)
{
    long long n = 0;
    int plain = cell.len > 0 && cell.len <= 16; /* below 10^16, the bound Python checks */
    for (Py_ssize_t i = 0; i < cell.len && plain; i++) {
        if (cell.text[i] < '0' || cell.text[i] > '9')
            plain = 0;
        else
            n = n * 10 + (cell.text[i] - '0');
    }
    if (plain) {
        *out = n;
        return 0;
    }
    return converted_number(t, p, K_EMPLOYEES, cell, out);
}

/* Notes a firm's credit code, to be checked against its cluster's others at the end. */
static int
add_code(Tally *t, Part *p, Cell cell, Py_ssize_t cluster)
{
    CodeKey key;
    if (plain_credit_code(cell.text, cell.len)) {
        key = pack_code(cell.text, cluster);
    } else {
        gil_take(p);
        PyObject *code = convert_cell(t, K_CREDIT, cell);
        if (code == NULL)
            return gil_give(p, FAILED);
        int ok = PyBytes_Check(code) &&
                 plain_credit_code(PyBytes_AS_STRING(code), PyBytes_GET_SIZE(code));
        if (ok)
            key = pack_code(PyBytes_AS_STRING(code), cluster);
        Py_DECREF(code);
        if (gil_give(p, ok ? 0 : GIVE_UP) < 0)
            return GIVE_UP;
    }
    return codes_push(&p->codes, key) < 0 ? no_memory(p) : 0;
}

static void
add_sum(Cluster *c, int sum, long long value, int decimals)
{
    uint64_t v = (uint64_t)value;
    c->sum_lo[sum] += v;
    if (c->sum_lo[sum] < v)
        c->sum_hi[sum]++;
    if (decimals > c->decimals[sum])
        c->decimals[sum] = decimals;
}

/* Keeps the firm's name for one of its cluster's lists: 0, or FAILED when memory runs out. */
static int
append_name(Part *p, const Cluster *c, int list, Cell name)
{
    if (p->names_len + (size_t)name.len > p->names_cap) {
        size_t cap = p->names_cap ? p->names_cap : 1 << 16;
        while (cap < p->names_len + (size_t)name.len)
            cap *= 2;
        char *names = PyMem_RawRealloc(p->names, cap);
        if (names == NULL)
            return no_memory(p);
        p->names = names;
        p->names_cap = cap;
    }
    if (p->logged == p->log_cap) {
        Named *log = doubled(p->log, &p->log_cap, sizeof *log, 1024);
        if (log == NULL)
            return no_memory(p);
        p->log = log;
    }
    memcpy(p->names + p->names_len, name.text, (size_t)name.len);
    p->log[p->logged++] = (Named){p->key, p->names_len, (uint32_t)(c - p->clusters), (uint32_t)list,
                                  (uint32_t)name.len};
    p->names_len += (size_t)name.len;
    return 0;
}

/* Counts a firm in a list of those lacking something, keeping the first names. */
static int
add_name(Tally *t, Part *p, Cluster *c, int list, Cell name)
{
    return ++c->lacking[list] > t->names_shown ? 0 : append_name(p, c, list, name);
}

static int
holds(int op, long long value, long long threshold)
{
    switch (op) {
    case OP_GT: return value > threshold;
    case OP_GE: return value >= threshold;
    case OP_LT: return value < threshold;
    default: return value <= threshold;
    }
}

/* ---------------------------------------------------------------- one row */

#define HAS(kind) (present[kind])

/* Whether a name may be a totals row's or a breakdown's, which the row reader leaves out of
 * the sums and reports: one that, its whitespace taken out, begins with 其中 is; one that holds
 * 计 (合计：, 总计（万元）, 合计数), "total" or "sum" in any case, or a letter typed full-width
 * (U+FF21-FF3A, U+FF41-FF5A: ＴＯＴＡＬ) is asked of Python, whose rule it is. 1, 0, or FAILED. */
static int
totals_name(Tally *t, Part *p, Cell name, int maybe)
{
    static const char QI[] = "\xe5\x85\xb6", ZHONG[] = "\xe4\xb8\xad";
    if (name.len >= 6 && memcmp(name.text, QI, 3) == 0) {
        Cell rest = strip(t, (Cell){name.text + 3, name.len - 3});
        if (rest.len >= 3 && memcmp(rest.text, ZHONG, 3) == 0)
            return 1;
    }
    if (!maybe)
        return 0;
    long long totals;
    int status = converted_number(t, p, K_NAME, name, &totals);
    return status < 0 ? status : totals != 0;
}

/* What one pass over a name finds (NAME_ flags): a control character the row reader refuses
 * (C0 but for line breaks; a tab inside it too, since stripping took those around it away;
 * DEL; C1, U+0080-U+009F); a character that shows as nothing (as invisible_in); or what may
 * make it a totals row's, asked of Python by totals_name: 计 (合计：, 总计（万元）, 合计数),
 * "total" or "sum" in any case, or a letter typed full-width (U+FF21-FF3A, U+FF41-FF5A). */
enum { NAME_CONTROL = 1, NAME_INVISIBLE = 2, NAME_MAYBE_TOTALS = 4 };

static int
word_at(const unsigned char *s, const char *word, Py_ssize_t n)
{
    for (Py_ssize_t j = 0; j < n; j++)
        if ((s[j] | 0x20) != (unsigned char)word[j])
            return 0;
    return 1;
}

static int
name_scan(Cell name)
{
    const unsigned char *s = (const unsigned char *)name.text;
    Py_ssize_t n = name.len;
    unsigned char b = 0;
    int flags = 0;
    /* Character by character (the name is valid UTF-8): none of what is looked for begins
     * with E3-EE but for E8, which most CJK characters do. */
    for (Py_ssize_t i = 0; i < n; i += b < 0x80 ? 1 : Py_MAX(utf8_size[b], 1)) {
        b = s[i];
        if (b >= 0xE3 && b <= 0xEE && b != 0xE8)
            continue;
        if (b >= 0x80) {
            if (b == 0xC2) {
                if (i + 1 < n && s[i + 1] <= 0x9F)
                    flags |= NAME_CONTROL;
            } else if (i + 2 < n) {
                unsigned char c = s[i + 1], d = s[i + 2];
                if (b == 0xE8 && c == 0xAE && d == 0xA1) /* 计 */
                    flags |= NAME_MAYBE_TOTALS;
                else if (b == 0xEF && ((c == 0xBC && d >= 0xA1 && d <= 0xBA) ||
                                       (c == 0xBD && d >= 0x81 && d <= 0x9A)))
                    flags |= NAME_MAYBE_TOTALS;
                else if ((b == 0xEF && c == 0xBB && d == 0xBF) ||
                         (b == 0xE2 && ((c == 0x80 && d >= 0x8B && d <= 0x8D) ||
                                        (c == 0x81 && d == 0xA0))))
                    flags |= NAME_INVISIBLE;
            }
        } else if (b < 0x20) {
            if (b != '\n' && b != '\r')
                flags |= NAME_CONTROL;
        } else if (b == 0x7F) {
            flags |= NAME_CONTROL;
        } else if (((b | 0x20) == 't' && i + 5 <= n && word_at(s + i, "total", 5)) ||
                   ((b | 0x20) == 's' && i + 3 <= n && word_at(s + i, "sum", 3))) {
            flags |= NAME_MAYBE_TOTALS;
        }
    }
    return flags;
}

/* Whether a cell holds a character that shows as nothing (U+200B-U+200D, U+2060, U+FEFF),
 * which the row reader takes out of names: a row with one is left to it, since the tally
 * keeps names as their bytes. */
static int
invisible_in(Cell cell)
{
    const unsigned char *s = (const unsigned char *)cell.text;
    for (Py_ssize_t i = 0; i + 2 < cell.len; i++) {
        if (s[i] == 0xE2 && ((s[i + 1] == 0x80 && s[i + 2] >= 0x8B && s[i + 2] <= 0x8D) ||
                             (s[i + 1] == 0x81 && s[i + 2] == 0xA0)))
            return 1;
        if (s[i] == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
            return 1;
    }
    return 0;
}

/* A firm without a credit code as its cluster and a digest of its cells in every column read
 * (trimmed, each mixed in with its length and column): two rows alike have equal ones, which
 * makes the tally give up and the row reader report the row given twice. */
static CodeKey
row_digest(const Tally *t, const Cell *cell, const int *present, Py_ssize_t cluster)
{
    uint64_t h = 1469598103934665603ULL;
    for (int k = 0; k < K_KINDS; k++) {
        if (k == K_CLUSTER || k == K_REGION || k == K_CREDIT || t->column[k] < 0)
            continue;
        Py_ssize_t n = present[k] ? cell[k].len : 0, i = 0;
        uint64_t word;
        for (; i + 8 <= n; i += 8) { /* eight bytes at a time */
            memcpy(&word, cell[k].text + i, 8);
            h = (h ^ word) * 0x9E3779B97F4A7C15ULL;
            h ^= h >> 29;
        }
        word = (uint64_t)n << 56; /* the last bytes, and the cell's length to end it */
        if (n > i)
            memcpy(&word, cell[k].text + i, (size_t)(n - i));
        h = (h ^ word ^ ((uint64_t)k << 48)) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    CodeKey key = {h, (uint64_t)cluster};
    return key;
}

/* Counts one row, given its cells: 0, GIVE_UP or FAILED. Mirrors _Reading.row and
 * Tally.add_figures in Python, for rows that have no error; rows the row reader reports or
 * leaves out it gives up on. */
static int
count_row(Tally *t, Part *p, const Cell *fields, Py_ssize_t n_fields)
{
    Cell cell[K_KINDS];
    int present[K_KINDS];
    for (Py_ssize_t i = t->width; i < n_fields; i++)
        if (fields[i].len > 0)
            return GIVE_UP; /* a cell filled beyond the header */
    for (int k = 0; k < K_KINDS; k++) {
        Py_ssize_t index = t->column[k];
        present[k] = 0;
        if (index < 0 || index >= n_fields)
            continue;
        cell[k] = strip(t, fields[index]);
        present[k] = cell[k].len > 0;
    }
    if (!HAS(K_NAME)) {
        /* an empty row, unless another cell is filled: a firm without a name, a totals row */
        for (Py_ssize_t i = 0; i < n_fields; i++)
            if (fields[i].len > 0 && i != t->column[K_NAME])
                return GIVE_UP;
        if (p->blank.n == p->blank.cap) {
            long long *lines = doubled(p->blank.lines, &p->blank.cap, sizeof *lines, 16);
            if (lines == NULL)
                return no_memory(p);
            p->blank.lines = lines;
        }
        p->blank.lines[p->blank.n++] = p->row_line;
        return 0;
    }
    int found = name_scan(cell[K_NAME]);
    if (found & (NAME_CONTROL | NAME_INVISIBLE))
        return GIVE_UP;
    int totals = totals_name(t, p, cell[K_NAME], found & NAME_MAYBE_TOTALS);
    if (totals != 0)
        return totals < 0 ? totals : GIVE_UP;
    long long index = 0;
    int status;
    if (t->column[K_CLUSTER] >= 0) {
        if (!HAS(K_CLUSTER))
            return GIVE_UP;
        if ((status = word_value(t, p, K_CLUSTER, cell[K_CLUSTER], &index)) < 0)
            return status;
    }
    long long region = -1;
    if (HAS(K_REGION) && (status = word_value(t, p, K_REGION, cell[K_REGION], &region)) < 0)
        return status;
    long long money[3] = {0, 0, 0}, employees = 0, size = 0, industry = 1, main = 0, related = 1;
    int places[3] = {0, 0, 0};
    for (int k = K_BUSINESS; k <= K_RD; k++)
        if (HAS(k) && (status = money_value(t, p, k, cell[k], &money[k - K_BUSINESS], &places[k - K_BUSINESS])) < 0)
            return status;
    if (HAS(K_EMPLOYEES) && (status = count_value(t, p, cell[K_EMPLOYEES], &employees)) < 0)
        return status;
    if (HAS(K_SIZE) && (status = word_value(t, p, K_SIZE, cell[K_SIZE], &size)) < 0)
        return status;
    if (HAS(K_SECTOR) && (status = word_value(t, p, K_SECTOR, cell[K_SECTOR], &industry)) < 0)
        return status;
    if (HAS(K_MAIN) && (status = word_value(t, p, K_MAIN, cell[K_MAIN], &main)) < 0)
        return status;
    if (HAS(K_RELATED) && (status = word_value(t, p, K_RELATED, cell[K_RELATED], &related)) < 0)
        return status;
    if (HAS(K_BUSINESS) && HAS(K_REVENUE) && money[0] > money[1])
        return GIVE_UP; /* 主营业务收入 above 营业收入, of which it is a part: an error */
    Cluster *c = cluster_at(t, p, (Py_ssize_t)index);
    if (c == NULL)
        return no_memory(p);
    if (region >= 0) { /* a cluster lies in one region: another is the row reader's error */
        if (c->region == 0)
            c->region = region + 1;
        else if (c->region != region + 1)
            return GIVE_UP;
    }
    if (HAS(K_CREDIT)) {
        if ((status = add_code(t, p, cell[K_CREDIT], (Py_ssize_t)index)) < 0)
            return status;
    } else if (codes_push(&p->rows, row_digest(t, cell, present, (Py_ssize_t)index)) < 0) {
        return no_memory(p);
    }

    Cell name = cell[K_NAME];
    int has_business = HAS(K_BUSINESS), has_revenue = HAS(K_REVENUE);
    long long business = money[0], revenue = money[1];
    c->firms++;
    if (!has_revenue) {
        if (add_name(t, p, c, L_REVENUE, name) < 0)
            return FAILED;
    } else {
        add_sum(c, M_REVENUE, revenue, places[1]);
        if (HAS(K_MAIN) && main)
            add_sum(c, M_MAIN, revenue, places[1]);
    }
    if (!HAS(K_MAIN) && add_name(t, p, c, L_MAIN_FLAG, name) < 0)
        return FAILED;
    if (!HAS(K_RD)) {
        if (add_name(t, p, c, L_RD, name) < 0)
            return FAILED;
    } else {
        add_sum(c, M_RD, money[2], places[2]);
    }
    if (has_business) {
        /* A firm at exactly a strict test's threshold (超5000万元) is no leader, and is listed
         * apart so that a report can say why. */
        for (Py_ssize_t i = 0; i < t->n_tests; i++) {
            int op = t->tests[i].op;
            long long threshold = t->tests[i].threshold;
            Py_ssize_t list = holds(op, business, threshold) ? 3 * i
                : (op == OP_GT || op == OP_LT) && business == threshold ? 3 * i + 2 : -1;
            if (list >= 0 && append_name(p, c, (int)(LEADERS + list), name) < 0)
                return FAILED;
        }
    } else if (has_revenue) {
        /* A firm without 主营业务收入 is tested on its 营业收入, and said to be. 营业收入 is at
         * least 主营业务收入: failing an upward test on it settles that the firm is no leader,
         * passing a downward one that it is; otherwise it may be one (listed apart). */
        if (add_name(t, p, c, L_PROXIED, name) < 0)
            return FAILED;
        for (Py_ssize_t i = 0; i < t->n_tests; i++) {
            int op = t->tests[i].op, upward = op == OP_GT || op == OP_GE;
            int passes = holds(op, revenue, t->tests[i].threshold), unsettled = passes == upward;
            if ((unsettled || passes) &&
                append_name(p, c, (int)(LEADERS + 3 * i + unsettled), name) < 0)
                return FAILED;
        }
    } else if (add_name(t, p, c, L_BUSINESS, name) < 0) {
        return FAILED;
    }
    if (related) {
        /* sme_by_figures: a declared size wins; else the industrial rule of the 2011 standard. */
        int sme; /* 1 SME, 0 large, -1 undecided */
        if (HAS(K_SIZE)) {
            sme = size == 1;
        } else if (!industry) {
            sme = -1;
        } else if ((HAS(K_EMPLOYEES) && employees < t->employee_limit) ||
                   (has_revenue && revenue < t->revenue_limit)) {
            sme = 1;
        } else {
            long long basis = has_revenue ? revenue : has_business ? business : 0;
            sme = HAS(K_EMPLOYEES) && employees >= t->employee_limit && basis >= t->revenue_limit ? 0 : -1;
        }
        if (sme < 0) {
            if (add_name(t, p, c, L_UNDECIDED, name) < 0)
                return FAILED;
        } else if (sme) {
            c->related_smes++;
            if (t->list_smes && append_name(p, c, (int)SMES(t), name) < 0)
                return FAILED;
        }
    }
    p->last_line = p->row_line;
    p->key++;
    return 0;
}

/* ---------------------------------------------------------------- CSV records */

/* How many of the bytes are whole characters of valid UTF-8 without NUL (as Python's decoder
 * accepts it), stopping before a character whose last bytes are still to come; -1 when the
 * bytes hold something else. */
static Py_ssize_t
valid_utf8(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t chunk;
            memcpy(&chunk, s + i, 8);
            uint64_t stop = (chunk & BYTES_OF(0x80)) | zero_byte(chunk);
            if (stop) { /* the lowest byte flagged is a true stop: NUL or above ASCII */
#if FAST_SCAN
                i += __builtin_ctzll(stop) >> 3;
#endif
                break;
            }
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char b = s[i];
#if FAST_SCAN
        /* Most text above ASCII here is CJK: three bytes, E1-EC or EE-EF and two
         * continuations, looked at in one word (E0 and ED limit their second byte, and go the
         * long way below). */
        while (i + 4 <= n) {
            uint32_t w;
            memcpy(&w, s + i, 4);
            unsigned low = w & 0x0F;
            if ((w & 0xC0C0F0) != 0x8080E0 || low == 0 || low == 0x0D)
                break;
            i += 3;
        }
        b = s[i];
#endif
        int size = utf8_size[b];
        if (size == 1) {
            if (b == 0)
                return -1;
            i++;
            continue;
        }
        if (size == 0)
            return -1;
        if (i + size > n)
            return i;
        unsigned char c1 = s[i + 1];
        if (c1 < utf8_second_lo[b] || c1 > utf8_second_hi[b])
            return -1;
        if (size > 2 && (s[i + 2] & 0xC0) != 0x80)
            return -1;
        if (size > 3 && (s[i + 3] & 0xC0) != 0x80)
            return -1;
        i += size;
    }
    return i;
}

static int
fields_push(Fields *f, const char *text, Py_ssize_t len)
{
    if (f->n == f->cap) {
        Cell *fields = doubled(f->fields, &f->cap, sizeof *fields, 32);
        if (fields == NULL)
            return -1;
        f->fields = fields;
    }
    f->fields[f->n].text = text;
    f->fields[f->n].len = len;
    f->n++;
    return 0;
}

/* Where a line break starting at s ends (CRLF is one break), or NULL when a CR is the last
 * byte and more data may follow. */
static const char *
after_break(const char *s, const char *end, int final)
{
    if (*s == '\r') {
        if (s + 1 == end)
            return final ? end : NULL;
        return s[1] == '\n' ? s + 2 : s + 1;
    }
    return s + 1;
}

#define INCOMPLETE 1

/* The first byte from p on, before bound, that ends an unquoted field (or is a quote);
 * bound when none does. Eight bytes are looked at a time where the compiler says how to
 * find the first of them that matches. */
static inline const char *
field_end_at(const char *p, const char *bound)
{
#if FAST_SCAN && defined(__SSE2__) /* sixteen at a time */
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  quote = _mm_set1_epi8('"');
    while (bound - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)p);
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, lf)),
                                    _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, quote)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hits);
        if (mask)
            return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
#if FAST_SCAN
    while (bound - p >= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        uint64_t hits = zero_byte(x ^ BYTES_OF(',')) | zero_byte(x ^ BYTES_OF('\n')) |
                        zero_byte(x ^ BYTES_OF('\r')) | zero_byte(x ^ BYTES_OF('"'));
        if (hits) /* the lowest byte flagged is the first match: higher flags may be false */
            return p + (__builtin_ctzll(hits) >> 3);
        p += 8;
    }
#endif
    while (p < bound && !field_end[(unsigned char)*p])
        p++;
    return p;
}

/* Reads one record at *at into fields (quoted fields unescaped into scratch); advances *at
 * past its line break and counts its lines. INCOMPLETE when the data ends inside it. */
static int
read_record(Part *part, const char **at, const char *end, int final, Fields *fields)
{
    const char *p = *at;
    long long lines = 0;
    char *out = part->scratch;
    fields->n = 0;
    if (*p == '\r' || *p == '\n') { /* an empty line: csv gives no cells */
        const char *next = after_break(p, end, final);
        if (next == NULL)
            return INCOMPLETE;
        *at = next;
        part->line++;
        return 0;
    }
    for (;;) {
        if (p < end && *p == '"') {
            /* the closing quote must come before bound, or the field is too long */
            const char *bound = end - p > FIELD_LIMIT ? p + FIELD_LIMIT : end;
            char *copy = out;
            p++;
            for (;;) {
                const char *q = p;
                while (q < bound && *q != '"') {
                    if (*q == '\n' || (*q == '\r' && (q + 1 == end || q[1] != '\n')))
                        lines++;
                    q++;
                }
                if (q >= bound)
                    return bound < end || final ? GIVE_UP : INCOMPLETE;
                memcpy(out, p, (size_t)(q - p));
                out += q - p;
                if (q + 1 < end && q[1] == '"') {
                    *out++ = '"';
                    p = q + 2;
                    continue;
                }
                if (q + 1 == end && !final)
                    return INCOMPLETE;
                p = q + 1;
                break;
            }
            if (fields_push(fields, copy, out - copy) < 0)
                return no_memory(part);
        } else {
            const char *start = p;
            const char *bound = end - p > FIELD_LIMIT ? p + FIELD_LIMIT + 1 : end;
            p = field_end_at(p, bound);
            if (p == bound && bound < end)
                return GIVE_UP; /* longer than the limit */
            if (p < end && *p == '"')
                return GIVE_UP;
            if (p == end && !final)
                return INCOMPLETE;
            if (fields_push(fields, start, p - start) < 0)
                return no_memory(part);
        }
        if (p == end) {
            *at = p;
            part->line += lines + 1;
            return 0;
        }
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p != '\r' && *p != '\n')
            return GIVE_UP; /* text after a closing quote */
        const char *next = after_break(p, end, final);
        if (next == NULL)
            return INCOMPLETE;
        *at = next;
        part->line += lines + 1;
        return 0;
    }
}

/* Looks on for the end of the unfinished row at the start of the pending bytes, from where
 * the last look stopped, so that each of its bytes is looked at once however the file is cut:
 * 1 when the row is whole (or no data follows), 0 while more is needed, GIVE_UP when a field
 * grows past the limit, as one does after an unterminated quote. */
static int
row_ended(Tally *t, int final)
{
    const char *s = t->pending;
    Py_ssize_t i = t->scanned, end = t->checked, field = t->field_start;
    int quoted = t->quoted, ended = final;
    for (; i < end; i++) {
        char c = s[i];
        if (!quoted && c == ',') {
            field = i + 1;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            ended = c == '\n' || i + 1 < end || final; /* a CR at the end may have an LF next */
            break;
        } else {
            quoted ^= c == '"';
            if (i - field >= FIELD_LIMIT)
                return GIVE_UP;
        }
    }
    t->scanned = i;
    t->quoted = quoted;
    t->field_start = field;
    return ended;
}

/* Adds data to the pending bytes, with room to unquote them all. */
static int
append(Tally *t, const char *data, Py_ssize_t n)
{
    Py_ssize_t needed = t->pending_len + n + 1;
    if (needed > t->pending_cap) {
        Py_ssize_t cap = Py_MAX(needed, t->pending_cap * 2);
        char *pending = PyMem_RawRealloc(t->pending, (size_t)cap);
        if (pending != NULL)
            t->pending = pending;
        char *scratch = pending ? PyMem_RawRealloc(t->main.scratch, (size_t)cap) : NULL;
        if (scratch == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        t->main.scratch = scratch;
        t->main.scratch_cap = t->pending_cap = cap;
    }
    memcpy(t->pending + t->pending_len, data, (size_t)n);
    t->pending_len += n;
    return 0;
}

/* Whether the n bytes at s hold an odd number of double quotes. */
static int
odd_quotes(const char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    int odd = 0;
#if defined(__SSE2__) /* sixteen bytes at a time: each lane flips at a quote */
    __m128i quote = _mm_set1_epi8('"'), flips = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16)
        flips = _mm_xor_si128(flips, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), quote));
    for (unsigned lanes = (unsigned)_mm_movemask_epi8(flips); lanes; lanes &= lanes - 1)
        odd ^= 1;
#endif
    uint64_t seen = 0; /* 0x80 in a byte: an odd number of quotes seen there */
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, s + i, 8);
        y = x ^ BYTES_OF('"');
        seen ^= ~(((y & BYTES_OF(0x7F)) + BYTES_OF(0x7F)) | y | BYTES_OF(0x7F));
    }
    for (; seen; seen &= seen - 1)
        odd ^= 1;
    for (; i < n; i++)
        odd ^= s[i] == '"';
    return odd;
}

/* One run of whole records, read by one part. */
typedef struct {
    Tally *t;
    Part *part;
    const char *begin, *end; /* end follows a line feed */
    const char *stop;        /* where the records read end: an unfinished one begins there */
    int status;              /* 0, GIVE_UP or FAILED */
} Half;

/* Bytes checked as UTF-8 at a time ahead of the records read, so that they are still in the
 * cache when read as CSV. */
#define CHECK_STEP (64 << 10)

/* Counts the half's records up to an unfinished one, checking its bytes as UTF-8 a step
 * ahead of them (each step ending after a line feed, so that no character is cut). */
static void
read_half(Half *h)
{
    Part *p = h->part;
    const char *at = h->begin, *checked = h->begin;
    int status = 0, more = 1;
    Py_ssize_t step = CHECK_STEP;
    while (status == 0 && at < h->end) {
        if (more) {
            const char *to = h->end - checked > step ? checked + step : h->end;
            const char *feed = to < h->end ? memchr(to, '\n', (size_t)(h->end - to)) : NULL;
            to = feed != NULL ? feed + 1 : h->end;
            if (valid_utf8((const unsigned char *)checked, to - checked) != to - checked) {
                status = GIVE_UP;
                break;
            }
            checked = to;
            more = 0;
        }
        const char *next = at;
        long long line = p->line;
        status = read_record(p, &next, checked, 0, &p->fields);
        if (status == INCOMPLETE) {
            p->line = line;
            status = 0;
            if (checked == h->end)
                break;
            /* The record goes on past the bytes checked: check as many again, and read it
             * again (so that a long record is read a few times at most). */
            more = 1;
            step = Py_MAX(CHECK_STEP, checked - at);
            continue;
        }
        p->row_line = line + 1;
        if (status == 0 && p->row_line > p->header_line)
            status = count_row(h->t, p, p->fields.fields, p->fields.n);
        if (status == 0)
            at = next;
        more = at == checked;
        step = CHECK_STEP;
    }
    h->stop = at;
    h->status = status;
}

#if HAVE_THREADS
/* The second thread: reads its half, taking the GIL only to call Python. */
static void *
side_thread(void *arg)
{
    Half *h = arg;
    pthread_mutex_lock(h->part->calls);
    PyGILState_STATE gil = PyGILState_Ensure();
    h->part->released = PyEval_SaveThread();
    pthread_mutex_unlock(h->part->calls);
    read_half(h);
    pthread_mutex_lock(h->part->calls);
    PyEval_RestoreThread(h->part->released);
    h->part->released = NULL;
    PyGILState_Release(gil);
    pthread_mutex_unlock(h->part->calls);
    return NULL;
}
#endif

/* Where to cut the pending bytes up to `end` (just after a line feed) in two: just after a line
 * feed near the middle with an even number of quotes before it, so outside any quoted field
 * of a file the tally reads; 0 when there is none to be found soon. The first half is a little
 * the shorter (15/32), its thread having the rest of the file's work to do besides (taking in
 * the pieces, counting quotes, the credit codes at the end). */
static Py_ssize_t
split_point(const char *s, Py_ssize_t end)
{
    Py_ssize_t from = end / 32 * 15 + end % 32 * 15 / 32;
    const char *feed = memchr(s + from, '\n', (size_t)(end - from));
    if (feed == NULL || feed + 1 == s + end)
        return 0;
    Py_ssize_t mid = feed - s + 1;
    int odd = odd_quotes(s, mid);
    for (int tries = 0; odd && tries < 64; tries++) {
        feed = memchr(s + mid, '\n', (size_t)(end - mid));
        if (feed == NULL || feed + 1 == s + end)
            return 0;
        odd ^= odd_quotes(s + mid, feed - s + 1 - mid);
        mid = feed - s + 1;
    }
    return odd ? 0 : mid;
}

/* Reads the pending bytes up to their last line feed in two halves at once, the second by
 * the side part on a thread of its own: 1 when read so, 0 when they could not be cut in two,
 * GIVE_UP or FAILED. The earlier half's outcome comes first, as a reader of the whole would
 * have met it first. */
static int
read_split(Tally *t)
{
    const char *s = t->pending;
    Py_ssize_t end = t->pending_len;
    while (end > 0 && s[end - 1] != '\n')
        end--;
    Py_ssize_t mid = end > 0 ? split_point(s, end) : 0;
    if (mid == 0)
        return 0;
    if (t->side == NULL && (t->side = PyMem_RawCalloc(1, sizeof(Part))) == NULL) {
        PyErr_NoMemory();
        return FAILED;
    }
    Part *main = &t->main, *side = t->side;
    if (side->scratch_cap < end - mid) {
        char *scratch = PyMem_RawRealloc(side->scratch, (size_t)(end - mid));
        if (scratch == NULL) {
            PyErr_NoMemory();
            return FAILED;
        }
        side->scratch = scratch;
        side->scratch_cap = end - mid;
    }
    side->line = side->last_line = side->header_line = 0;
    side->key = (t->epoch + 1) << EPOCH_BITS;
    Half first = {t, main, s, s + mid, s, 0}, second = {t, side, s + mid, s + end, s + mid, 0};
#if HAVE_THREADS
    if (!t->calls_made) {
        if (pthread_mutex_init(&t->calls, NULL) != 0)
            return 0;
        t->calls_made = 1;
    }
    main->calls = side->calls = &t->calls;
    main->released = PyEval_SaveThread();
    pthread_t thread;
    int threaded = pthread_create(&thread, NULL, side_thread, &second) == 0;
#else
    main->released = PyEval_SaveThread();
    int threaded = 0;
#endif
    read_half(&first);
#if HAVE_THREADS
    if (threaded)
        pthread_join(thread, NULL);
#endif
    PyEval_RestoreThread(main->released);
    main->released = NULL;
    if (!threaded && first.status == 0)
        read_half(&second);
    t->epoch += 2;
    main->key = t->epoch << EPOCH_BITS;
    if (first.status == 0 && first.stop != s + mid)
        first.status = GIVE_UP; /* the cut fell inside a record after all */
    Half *failed = first.status < 0 ? &first : second.status < 0 ? &second : NULL;
    if (failed != NULL) {
        if (failed->status == FAILED)
            part_raise(failed->part);
        part_clear(side);
        return failed->status;
    }
    /* Each part learns the words the other was told about, so that neither asks Python about
     * them again (a cluster's name, above all, in each piece where it comes). */
    for (int k = 0; k < K_KINDS; k++) {
        if (main->learned[k] == side->words[k].used && side->learned[k] == main->words[k].used)
            continue; /* neither was told of a word since */
        if (textmap_learn(&main->words[k], &side->words[k]) < 0 ||
            textmap_learn(&side->words[k], &main->words[k]) < 0) {
            PyErr_NoMemory();
            return FAILED;
        }
        main->learned[k] = side->words[k].used;
        side->learned[k] = main->words[k].used;
    }
    /* The side part's lines are counted from the cut. */
    long long offset = main->line;
    for (Py_ssize_t i = 0; i < side->blank.n; i++) {
        if (main->blank.n == main->blank.cap) {
            long long *lines = doubled(main->blank.lines, &main->blank.cap, sizeof *lines, 16);
            if (lines == NULL) {
                PyErr_NoMemory();
                return FAILED;
            }
            main->blank.lines = lines;
        }
        main->blank.lines[main->blank.n++] = side->blank.lines[i] + offset;
    }
    side->blank.n = 0;
    if (side->last_line > 0)
        main->last_line = side->last_line + offset;
    main->line = offset + side->line;
    Py_ssize_t used = second.stop - s;
    memmove(t->pending, second.stop, (size_t)(t->pending_len - used));
    t->pending_len -= used;
    t->checked = 0;
    t->unfinished = t->quoted = 0;
    t->scanned = t->field_start = 0;
    t->halves++;
    return 1;
}

/* Adds the sums the side part counted to the main part's clusters (names stay where they
 * are: clusters() takes them from both, in order): 0, GIVE_UP when a cluster's firms give two
 * regions, or FAILED. */
static int
merge_side(Tally *t)
{
    Part *main = &t->main, *side = t->side;
    if (side == NULL)
        return 0;
    for (Py_ssize_t i = 0; i < side->n_clusters; i++) {
        Cluster *b = &side->clusters[i];
        if (!b->seen)
            continue;
        int known = i < main->n_clusters && main->clusters[i].seen;
        Cluster *a = cluster_at(t, main, i);
        if (a == NULL) {
            PyErr_NoMemory();
            return FAILED;
        }
        if (!known || b->first < a->first)
            a->first = b->first;
        a->firms += b->firms;
        a->related_smes += b->related_smes;
        for (int m = 0; m < M_SUMS; m++) {
            a->sum_lo[m] += b->sum_lo[m];
            a->sum_hi[m] += b->sum_hi[m] + (a->sum_lo[m] < b->sum_lo[m]);
            if (b->decimals[m] > a->decimals[m])
                a->decimals[m] = b->decimals[m];
        }
        for (int l = 0; l < L_LISTS; l++)
            a->lacking[l] += b->lacking[l];
        if (b->region != 0) {
            if (a->region == 0)
                a->region = b->region;
            else if (a->region != b->region)
                return GIVE_UP;
        }
    }
    return 0;
}

/* Reads the next piece of the file: counts every row it completes and keeps the start of an
 * unfinished one. 0, GIVE_UP or FAILED. */
static int
take(Tally *t, const char *data, Py_ssize_t n, int final)
{
    if (append(t, data, n) < 0)
        return FAILED;
    if (t->split > 0 && t->main.line >= t->header_line) {
        if (!final && t->pending_len < t->split)
            return 0; /* to be read on two threads once there is enough */
        int split = read_split(t);
        if (split < 0)
            return split;
    }
    Part *main = &t->main;
    /* Each byte is checked once; none is read as CSV before it is checked. */
    Py_ssize_t valid = valid_utf8((const unsigned char *)t->pending + t->checked,
                                  t->pending_len - t->checked);
    if (valid < 0)
        return GIVE_UP;
    t->checked += valid;
    if (final && t->checked < t->pending_len)
        return GIVE_UP; /* the file ends inside a character */
    const char *begin = t->pending, *end = begin + t->checked, *p = begin;
    int status = 0, whole = 0, header_passed = 0;
    if (t->unfinished) {
        status = row_ended(t, final);
        if (status <= 0)
            goto done;
        whole = 1;
        t->unfinished = 0;
    }
    while (p < end) {
        const char *at = p;
        long long line = main->line;
        status = read_record(main, &at, end, final, &main->fields);
        if (status == INCOMPLETE) {
            main->line = line;
            if (whole && p == begin) {
                status = GIVE_UP; /* a row the look for its end saw otherwise */
                goto done;
            }
            t->unfinished = 1;
            t->scanned = t->field_start = 0;
            t->quoted = 0;
            status = 0;
            break;
        }
        /* The header and the rows above it are passed over by records, as the row reader
         * finds them, so that a header cell holding a line break is passed over whole. */
        main->row_line = line + 1;
        if (status == 0 && main->row_line > main->header_line)
            status = count_row(t, main, main->fields.fields, main->fields.n);
        if (status < 0)
            goto done;
        p = at;
        if (t->split > 0 && line < t->header_line && main->line >= t->header_line) {
            header_passed = 1; /* the rest may be read in halves */
            break;
        }
    }
    if (final && !header_passed) {
        status = merge_side(t);
        if (status < 0)
            return status;
        static const CodeList none = {NULL, 0, 0};
        const Part *side = t->side;
        int repeat = codes_repeat(&main->codes, side ? &side->codes : &none);
        if (repeat == 0)
            repeat = codes_repeat(&main->rows, side ? &side->rows : &none);
        status = repeat < 0 ? FAILED : repeat ? GIVE_UP : 0;
    }
done:
    if (status == FAILED && !PyErr_Occurred())
        part_raise(main);
    if (status >= 0 && p > begin) {
        Py_ssize_t used = p - begin;
        memmove(t->pending, p, (size_t)(t->pending_len - used));
        t->pending_len -= used;
        t->checked -= used;
    }
    if (status >= 0 && header_passed)
        return take(t, "", 0, final);
    return status < 0 ? status : 0;
}

PyDoc_STRVAR(feed_doc,
"feed(data, final) -> bool\n\n"
"Reads the next piece of the file (UTF-8, cut anywhere); final says no data follows. False\n"
"when the file holds something only the row-by-row reader handles: the tally then reads no\n"
"more.");

static PyObject *
Tally_feed(Tally *t, PyObject *args)
{
    Py_buffer view;
    int final;
    if (!PyArg_ParseTuple(args, "y*p:feed", &view, &final))
        return NULL;
    int status = GIVE_UP;
    if (t->stage == DONE) {
        PyErr_SetString(PyExc_ValueError, "the tally has already read the end of its file");
        status = FAILED;
    } else if (t->stage == READING) {
        status = take(t, view.buf, view.len, final);
        t->stage = status < 0 ? GAVE_UP : final ? DONE : READING;
    }
    PyBuffer_Release(&view);
    if (status == FAILED)
        return NULL;
    return PyBool_FromLong(status == 0);
}

/* ---------------------------------------------------------------- results */

static PyObject *
sum_int(const Cluster *c, int sum)
{
    PyObject *hi = PyLong_FromUnsignedLongLong(c->sum_hi[sum]);
    PyObject *lo = PyLong_FromUnsignedLongLong(c->sum_lo[sum]);
    PyObject *shift = PyLong_FromLong(64), *shifted = NULL, *total = NULL;
    if (hi && lo && shift && (shifted = PyNumber_Lshift(hi, shift)))
        total = PyNumber_Or(shifted, lo);
    Py_XDECREF(hi);
    Py_XDECREF(lo);
    Py_XDECREF(shift);
    Py_XDECREF(shifted);
    return total;
}

/* A part's names grouped by cluster, each cluster's in file order: the log's indexes in
 * order, and where each cluster's begin there. */
typedef struct {
    const Part *part;
    Py_ssize_t *start; /* n_clusters + 1 */
    uint32_t *order;
} Grouped;

static int
grouped(Grouped *g, const Part *p, Py_ssize_t n_clusters)
{
    g->part = p;
    g->start = PyMem_Calloc((size_t)n_clusters + 1, sizeof *g->start);
    g->order = PyMem_Malloc((size_t)p->logged * sizeof *g->order + 1);
    Py_ssize_t *fill = PyMem_Malloc((size_t)n_clusters * sizeof *fill + 1);
    if (g->start == NULL || g->order == NULL || fill == NULL || p->logged > UINT32_MAX) {
        PyMem_Free(fill);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < p->logged; i++)
        g->start[p->log[i].cluster + 1]++;
    for (Py_ssize_t c = 0; c < n_clusters; c++)
        g->start[c + 1] += g->start[c];
    memcpy(fill, g->start, (size_t)n_clusters * sizeof *fill);
    for (Py_ssize_t i = 0; i < p->logged; i++) /* in log order: each cluster's in file order */
        g->order[fill[p->log[i].cluster]++] = (uint32_t)i;
    PyMem_Free(fill);
    return 0;
}

static void
grouped_free(Grouped *g)
{
    PyMem_Free(g->start);
    PyMem_Free(g->order);
}

/* The next name of that list among a cluster's names from *i on (before end), or NULL. */
static const Named *
next_named(const Grouped *g, Py_ssize_t *i, Py_ssize_t end, uint32_t list)
{
    for (; *i < end; ++*i) {
        const Named *name = &g->part->log[g->order[*i]];
        if (name->list == list)
            return name;
    }
    return NULL;
}

/* The names of one list of cluster c kept by the parts (b: NULL when there is no side part),
 * in the order of their firms, as a list of at most limit bytes objects (an empty tuple when
 * there are none). */
static PyObject *
names_merged(const Grouped *a, const Grouped *b, Py_ssize_t c, uint32_t list, Py_ssize_t limit)
{
    Py_ssize_t n = 0, ends[2] = {a->start[c + 1], b ? b->start[c + 1] : 0};
    for (int k = 0; k < 2; k++) {
        const Grouped *g = k ? b : a;
        for (Py_ssize_t i = g ? g->start[c] : 0; g && next_named(g, &i, ends[k], list); i++)
            n++;
    }
    n = Py_MIN(n, limit);
    if (n == 0) /* most lists of most clusters: one empty tuple for all */
        return PyTuple_New(0);
    PyObject *names = PyList_New(n);
    Py_ssize_t i = a->start[c], j = b ? b->start[c] : 0;
    const Named *x = next_named(a, &i, ends[0], list), *y = b ? next_named(b, &j, ends[1], list) : NULL;
    for (Py_ssize_t k = 0; names != NULL && k < n; k++) {
        int first = y == NULL || (x != NULL && x->key < y->key);
        const Named *name = first ? x : y;
        const char *bytes = (first ? a : b)->part->names;
        PyObject *text = PyBytes_FromStringAndSize(bytes + name->at, name->len);
        if (text == NULL) {
            Py_CLEAR(names);
            break;
        }
        PyList_SET_ITEM(names, k, text);
        if (first) {
            i++;
            x = next_named(a, &i, ends[0], list);
        } else {
            j++;
            y = next_named(b, &j, ends[1], list);
        }
    }
    return names;
}

/* Cluster i as clusters() gives it, its names from the parts' (b: NULL without a side part). */
static PyObject *
cluster_item(const Tally *t, const Cluster *c, Py_ssize_t i, const Grouped *a, const Grouped *b)
{
    PyObject *sums[M_SUMS] = {NULL}, *lacking[L_LISTS] = {NULL}, *leaders = NULL;
    PyObject *smes = NULL, *item = NULL;
    int ok = 1;
    for (int s = 0; s < M_SUMS; s++)
        ok = ok && (sums[s] = sum_int(c, s)) != NULL;
    for (int l = 0; l < L_LISTS; l++) {
        PyObject *first = NULL;
        ok = ok && (first = names_merged(a, b, i, (uint32_t)l, t->names_shown)) != NULL;
        ok = ok && (lacking[l] = Py_BuildValue("(LN)", c->lacking[l], first)) != NULL;
    }
    ok = ok && (leaders = PyList_New(3 * t->n_tests)) != NULL;
    for (Py_ssize_t l = 0; ok && l < 3 * t->n_tests; l++) {
        PyObject *names = names_merged(a, b, i, (uint32_t)(LEADERS + l), PY_SSIZE_T_MAX);
        ok = names != NULL;
        if (ok)
            PyList_SET_ITEM(leaders, l, names);
    }
    if (ok && t->list_smes)
        ok = (smes = names_merged(a, b, i, (uint32_t)SMES(t), PY_SSIZE_T_MAX)) != NULL;
    if (ok)
        item = Py_BuildValue(
            "(LL(OOO)(iii)(OOOOOO)OOL)", c->firms, c->related_smes, sums[0], sums[1], sums[2],
            c->decimals[0], c->decimals[1], c->decimals[2], lacking[0], lacking[1], lacking[2],
            lacking[3], lacking[4], lacking[5], leaders, smes ? smes : Py_None, c->region - 1);
    for (int s = 0; s < M_SUMS; s++)
        Py_XDECREF(sums[s]);
    for (int l = 0; l < L_LISTS; l++)
        Py_XDECREF(lacking[l]);
    Py_XDECREF(leaders);
    Py_XDECREF(smes);
    return item;
}

typedef struct {
    uint64_t first;
    Py_ssize_t index;
} Ranked;

static int
by_first(const void *a, const void *b)
{
    uint64_t x = ((const Ranked *)a)->first, y = ((const Ranked *)b)->first;
    return x < y ? -1 : x > y;
}

PyDoc_STRVAR(clusters_doc,
"clusters() -> list\n\n"
"Once the whole file is read, per cluster, in the order of their first firms in the file\n"
"(see order()): (firms, related_smes, sums, decimals, lacking, leaders, sme_names, region).\n"
"sums are of 营业收入, of that in\n"
"the main industry, and of R&D, in 元 x 10**6; decimals are the most decimal places of a\n"
"figure in each; lacking holds (count, first names) for 营业收入, 是否主导产业, R&D, 主营业务收入,\n"
"firms tested on 营业收入 instead, and undecided sizes; leaders holds three lists per leader\n"
"test, the firms it settles, those it counts on 营业收入 only, and those exactly at a strict\n"
"test's threshold; names are UTF-8 bytes (a list of none is an empty tuple); region is the\n"
"index convert() gave the region its firms give, -1 when none does.");

static PyObject *
Tally_clusters(Tally *t, PyObject *Py_UNUSED(ignored))
{
    if (t->stage != DONE || t->main.cap_clusters < 0) {
        PyErr_SetString(PyExc_ValueError, t->stage != DONE ? "the tally has not read its whole file"
                                                           : "the clusters were given by each()");
        return NULL;
    }
    Part *main = &t->main, *side = t->side;
    Py_ssize_t n = main->n_clusters;
    Ranked *ranked = PyMem_Malloc((size_t)(n + 1) * sizeof *ranked);
    if (ranked == NULL)
        return PyErr_NoMemory();
    Py_ssize_t seen = 0; /* an index convert() gave no firm counted has no cluster */
    for (Py_ssize_t i = 0; i < main->n_clusters; i++)
        if (main->clusters[i].seen)
            ranked[seen++] = (Ranked){main->clusters[i].first, i};
    n = seen;
    qsort(ranked, (size_t)n, sizeof *ranked, by_first);
    /* Some objects a cluster, none of them in a cycle: the collector, which would look
     * through all of them again and again as they are made, is held off meanwhile. */
    int collecting = PyGC_Disable();
    Grouped a = {NULL, NULL, NULL}, b = {NULL, NULL, NULL};
    int made = grouped(&a, main, main->n_clusters) == 0 &&
               (side == NULL || grouped(&b, side, main->n_clusters) == 0);
    PyObject *out = made ? PyList_New(n) : NULL, *order = made ? PyList_New(n) : NULL;
    for (Py_ssize_t k = 0; out != NULL && order != NULL && k < n; k++) {
        Py_ssize_t i = ranked[k].index;
        PyObject *item = cluster_item(t, &main->clusters[i], i, &a, side ? &b : NULL);
        PyObject *index = PyLong_FromSsize_t(i);
        if (item == NULL || index == NULL) {
            Py_XDECREF(item);
            Py_XDECREF(index);
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, k, item);
        PyList_SET_ITEM(order, k, index);
    }
    if (collecting)
        PyGC_Enable();
    PyMem_Free(ranked);
    grouped_free(&a);
    grouped_free(&b);
    if (out == NULL || order == NULL) {
        Py_XDECREF(out);
        Py_XDECREF(order);
        return NULL;
    }
    Py_XSETREF(t->order, order);
    return out;
}

/* The clusters one at a time, as clusters() gives them all: each cluster's Python objects
 * are made when asked for, so that a roster of many clusters never holds all of them. The
 * clusters' records are copied in the order given, EACH_CHUNK to a block, and each block is
 * let go of once given. */
#define EACH_CHUNK 4096
typedef struct {
    PyObject_HEAD
    Tally *tally;
    Cluster **chunks; /* the records in the order given; a block given is NULL */
    Py_ssize_t *index; /* the index convert() gave each, in the order given */
    Py_ssize_t next, n;
    Grouped a, b;
} Each;

static void
Each_dealloc(Each *e)
{
    for (Py_ssize_t c = 0; e->chunks != NULL && c * EACH_CHUNK < e->n; c++)
        PyMem_Free(e->chunks[c]);
    PyMem_Free(e->chunks);
    PyMem_Free(e->index);
    grouped_free(&e->a);
    grouped_free(&e->b);
    Py_XDECREF(e->tally);
    Py_TYPE(e)->tp_free((PyObject *)e);
}

static PyObject *
Each_next(Each *e)
{
    if (e->next >= e->n)
        return NULL;
    Py_ssize_t k = e->next++, chunk = k / EACH_CHUNK;
    if (k % EACH_CHUNK == 0 && chunk > 0) {
        PyMem_Free(e->chunks[chunk - 1]);
        e->chunks[chunk - 1] = NULL;
    }
    Tally *t = e->tally;
    const Cluster *c = &e->chunks[chunk][k % EACH_CHUNK];
    return cluster_item(t, c, e->index[k], &e->a, t->side ? &e->b : NULL);
}

/* Copies the clusters' records into blocks in the order of ranked, then lets go of the parts'
 * own (the side part's sums were added to the main part's once the file was read). */
static int
each_copied(Each *e, Tally *t, const Ranked *ranked)
{
    Py_ssize_t blocks = (e->n + EACH_CHUNK - 1) / EACH_CHUNK;
    e->chunks = PyMem_Calloc((size_t)blocks + 1, sizeof *e->chunks);
    e->index = PyMem_Malloc((size_t)e->n * sizeof *e->index + 1);
    if (e->chunks == NULL || e->index == NULL)
        return -1;
    for (Py_ssize_t c = 0; c < blocks; c++) {
        Py_ssize_t size = Py_MIN(EACH_CHUNK, e->n - c * EACH_CHUNK);
        if ((e->chunks[c] = PyMem_Malloc((size_t)size * sizeof(Cluster))) == NULL)
            return -1;
        for (Py_ssize_t j = 0; j < size; j++) {
            Py_ssize_t i = ranked[c * EACH_CHUNK + j].index;
            e->chunks[c][j] = t->main.clusters[i];
            e->index[c * EACH_CHUNK + j] = i;
        }
    }
    for (Part *p = &t->main; p != NULL; p = p == &t->main ? t->side : NULL) {
        PyMem_RawFree(p->clusters);
        p->clusters = NULL;
        p->n_clusters = 0;
        p->cap_clusters = -1; /* given by each(): clusters() and each() have none to give */
    }
    return 0;
}

static PyTypeObject EachType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "clustercheck.read._ctally.Each",
    .tp_basicsize = sizeof(Each),
    .tp_dealloc = (destructor)Each_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The clusters of a tally, one at a time (see Tally.each()).",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)Each_next,
};

PyDoc_STRVAR(each_doc,
"each() -> iterator\n\n"
"The items of clusters(), in its order, each made when it is asked for; order() is set at\n"
"once. The tally lets go of its caches, codes and convert() then (it reads no more), and of\n"
"its clusters' records as they are given; clusters() and each() give none after.");

/* Lets go of what a tally that has read its whole file no longer needs to give its clusters:
 * the caches of words (every firm's name among them), the credit codes and row digests, the
 * bytes pending and convert(), which hold more than the clusters' sums themselves. */
static void
lightened(Tally *t)
{
    for (Part *p = &t->main; p != NULL; p = p == &t->main ? t->side : NULL) {
        for (int k = 0; k < K_KINDS; k++)
            textmap_free(&p->words[k]);
        PyMem_RawFree(p->codes.keys);
        PyMem_RawFree(p->rows.keys);
        PyMem_RawFree(p->fields.fields);
        PyMem_RawFree(p->scratch);
        p->codes = p->rows = (CodeList){NULL, 0, 0};
        p->fields = (Fields){NULL, 0, 0};
        p->scratch = NULL;
        p->scratch_cap = 0;
    }
    PyMem_RawFree(t->pending);
    t->pending = NULL;
    t->pending_len = t->pending_cap = 0;
    Py_CLEAR(t->convert);
}

static PyObject *
Tally_each(Tally *t, PyObject *Py_UNUSED(ignored))
{
    if (t->stage != DONE || t->main.cap_clusters < 0) {
        PyErr_SetString(PyExc_ValueError, t->stage != DONE ? "the tally has not read its whole file"
                                                           : "the clusters were given by each()");
        return NULL;
    }
    Part *main = &t->main;
    Each *e = PyObject_New(Each, &EachType);
    if (e == NULL)
        return NULL;
    e->tally = (Tally *)Py_NewRef(t);
    e->chunks = NULL;
    e->index = NULL;
    e->next = e->n = 0;
    e->a = e->b = (Grouped){NULL, NULL, NULL};
    Ranked *ranked = PyMem_Malloc((size_t)(main->n_clusters + 1) * sizeof *ranked);
    if (ranked == NULL) {
        Py_DECREF(e);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < main->n_clusters; i++)
        if (main->clusters[i].seen)
            ranked[e->n++] = (Ranked){main->clusters[i].first, i};
    qsort(ranked, (size_t)e->n, sizeof *ranked, by_first);
    PyObject *order = PyList_New(e->n);
    int made = order != NULL && grouped(&e->a, main, main->n_clusters) == 0 &&
               (t->side == NULL || grouped(&e->b, t->side, main->n_clusters) == 0);
    for (Py_ssize_t k = 0; made && k < e->n; k++) {
        PyObject *index = PyLong_FromSsize_t(ranked[k].index);
        made = index != NULL;
        if (made)
            PyList_SET_ITEM(order, k, index);
    }
    if (made && each_copied(e, t, ranked) < 0) {
        PyErr_NoMemory();
        made = 0;
    }
    PyMem_Free(ranked);
    if (!made) {
        Py_XDECREF(order);
        Py_DECREF(e);
        return NULL;
    }
    Py_XSETREF(t->order, order);
    lightened(t);
    return (PyObject *)e;
}

PyDoc_STRVAR(order_doc,
"order() -> list\n\n"
"Once clusters() has been called, the index convert() gave each of its clusters, in turn:\n"
"the clusters in the order their first firms come in the file.");

static PyObject *
Tally_order(Tally *t, PyObject *Py_UNUSED(ignored))
{
    if (t->order == NULL) {
        PyErr_SetString(PyExc_ValueError, "clusters() has not been called");
        return NULL;
    }
    return Py_NewRef(t->order);
}

/* ---------------------------------------------------------------- the type */

static int
long_long_item(PyObject *sequence, Py_ssize_t i, long long *out)
{
    PyObject *item = PySequence_GetItem(sequence, i);
    if (item == NULL)
        return -1;
    *out = PyLong_AsLongLong(item);
    Py_DECREF(item);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* Everything a tally needs, from the constructor's arguments; -1 with an exception set. */
static int
set_up(Tally *t, PyObject *columns, PyObject *factors, PyObject *convert, PyObject *tests,
       PyObject *spaces)
{
    if (PySequence_Size(columns) != K_KINDS || PySequence_Size(factors) != 3) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "columns needs one entry a kind, factors three");
        return -1;
    }
    for (int k = 0; k < K_KINDS; k++) {
        long long index;
        if (long_long_item(columns, k, &index) < 0)
            return -1;
        t->column[k] = (Py_ssize_t)index;
    }
    for (int k = 0; k < 3; k++)
        if (long_long_item(factors, k, &t->factor[k]) < 0)
            return -1;
    Py_ssize_t n_tests = PySequence_Size(tests), n_spaces = PySequence_Size(spaces);
    if (n_tests < 0 || n_spaces < 0)
        return -1;
    t->tests = PyMem_Calloc((size_t)n_tests + 1, sizeof(LeaderTest));
    t->spaces = PyMem_Calloc((size_t)n_spaces + 1, sizeof(Py_UCS4));
    if (t->tests == NULL || t->spaces == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n_tests; i++) {
        PyObject *test = PySequence_GetItem(tests, i);
        long long op, threshold;
        int bad = test == NULL || long_long_item(test, 0, &op) < 0 ||
                  long_long_item(test, 1, &threshold) < 0;
        Py_XDECREF(test);
        if (bad)
            return -1;
        t->tests[i].op = (int)op;
        t->tests[i].threshold = threshold;
    }
    t->n_tests = n_tests;
    for (int b = 0; b < 0x80; b++)
        t->space_first[b] = t->space_last[b] = (unsigned char)is_space(t, (Py_UCS4)b);
    for (Py_ssize_t i = 0; i < n_spaces; i++) {
        long long cp;
        if (long_long_item(spaces, i, &cp) < 0)
            return -1;
        t->spaces[i] = (Py_UCS4)cp;
        char utf8[4];
        int size = utf8_encode((Py_UCS4)cp, utf8);
        t->space_first[(unsigned char)utf8[0]] = t->space_last[(unsigned char)utf8[size - 1]] = 1;
    }
    t->n_spaces = n_spaces;
    t->convert = Py_NewRef(convert);
    return 0;
}

/* A tally is made whole here, once: there is no __init__ to run again, nor a way to have one
 * half made. */
static PyObject *
Tally_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"columns", "width", "factors", "convert", "leader_tests",
                               "revenue_limit", "employee_limit", "spaces", "skip_lines",
                               "list_smes", "names_shown", "split", NULL};
    PyObject *columns, *factors, *convert, *tests, *spaces;
    long long revenue_limit, employee_limit;
    Py_ssize_t width, skip, shown, split;
    int list_smes;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "$OnOOOLLOnpnn:Tally", keywords, &columns,
                                     &width, &factors, &convert, &tests, &revenue_limit,
                                     &employee_limit, &spaces, &skip, &list_smes, &shown, &split))
        return NULL;
    Tally *t = (Tally *)type->tp_alloc(type, 0);
    if (t == NULL)
        return NULL;
    t->width = width;
    t->revenue_limit = revenue_limit;
    t->employee_limit = employee_limit;
    t->header_line = t->main.header_line = skip;
    t->split = split;
    t->list_smes = list_smes;
    t->names_shown = shown;
    t->stage = READING;
    if (set_up(t, columns, factors, convert, tests, spaces) < 0) {
        Py_DECREF(t);
        return NULL;
    }
    return (PyObject *)t;
}

static void
Tally_dealloc(Tally *t)
{
    part_clear(&t->main);
    if (t->side != NULL)
        part_clear(t->side);
    PyMem_RawFree(t->side);
    PyMem_Free(t->tests);
    PyMem_Free(t->spaces);
    PyMem_RawFree(t->pending);
#if HAVE_THREADS
    if (t->calls_made)
        pthread_mutex_destroy(&t->calls);
#endif
    Py_XDECREF(t->convert);
    Py_XDECREF(t->order);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static PyObject *
Tally_get_blank_lines(Tally *t, void *Py_UNUSED(closure))
{
    PyObject *lines = PyList_New(t->main.blank.n);
    for (Py_ssize_t i = 0; lines != NULL && i < t->main.blank.n; i++) {
        PyObject *line = PyLong_FromLongLong(t->main.blank.lines[i]);
        if (line == NULL)
            Py_CLEAR(lines);
        else
            PyList_SET_ITEM(lines, i, line);
    }
    return lines;
}

static PyObject *
Tally_get_last_line(Tally *t, void *Py_UNUSED(closure))
{
    return PyLong_FromLongLong(t->main.last_line);
}

static PyObject *
Tally_get_halves(Tally *t, void *Py_UNUSED(closure))
{
    return PyLong_FromLongLong(t->halves);
}

static PyMethodDef Tally_methods[] = {
    {"feed", (PyCFunction)Tally_feed, METH_VARARGS, feed_doc},
    {"clusters", (PyCFunction)Tally_clusters, METH_NOARGS, clusters_doc},
    {"each", (PyCFunction)Tally_each, METH_NOARGS, each_doc},
    {"order", (PyCFunction)Tally_order, METH_NOARGS, order_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Tally_getset[] = {
    {"blank_lines", (getter)Tally_get_blank_lines, NULL, "Lines of rows with no cell read.", NULL},
    {"last_line", (getter)Tally_get_last_line, NULL, "Line of the last firm counted.", NULL},
    {"halves", (getter)Tally_get_halves, NULL, "How many reads were cut in two and read at once.",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(Tally_doc,
"Tally(*, columns, width, factors, convert, leader_tests, revenue_limit, employee_limit,\n"
"      spaces, skip_lines, list_smes, names_shown, split)\n\n"
"Sums a CSV roster cluster by cluster. columns: the cell index of each kind (-1: absent);\n"
"width: cells up to the header's last named one, beyond which a filled cell makes it give up;\n"
"factors: 元 per unit of the business, revenue and R&D columns (0: unknown); convert(kind,\n"
"text) says what a cell means; leader_tests: (operator, threshold in 元 x 10**6) pairs;\n"
"skip_lines: the header's first line, records beginning on it or above it being passed over;\n"
"split: once this many bytes wait to be read (0: never), they are read in two halves on two\n"
"threads.");

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "clustercheck.read._ctally.Tally",
    .tp_basicsize = sizeof(Tally),
    .tp_dealloc = (destructor)Tally_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = Tally_doc,
    .tp_methods = Tally_methods,
    .tp_getset = Tally_getset,
    .tp_new = Tally_new,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "clustercheck.read._ctally",
    .m_doc = "The compiled roster tally (see clustercheck._roster_fast).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__ctally(void)
{
    init_tables();
    if (PyType_Ready(&TallyType) < 0 || PyType_Ready(&EachType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    static const char *kinds[K_KINDS] = {"NAME", "CREDIT", "CLUSTER", "BUSINESS", "REVENUE",
                                         "RD", "EMPLOYEES", "SIZE", "SECTOR", "MAIN", "RELATED",
                                         "REGION"};
    for (int k = 0; k < K_KINDS; k++)
        if (PyModule_AddIntConstant(m, kinds[k], k) < 0)
            goto fail;
    if (PyModule_AddIntConstant(m, "KINDS", K_KINDS) < 0 ||
        PyModule_AddIntConstant(m, "SCALE_DIGITS", SCALE_DIGITS) < 0 ||
        PyModule_AddIntConstant(m, "GT", OP_GT) < 0 || PyModule_AddIntConstant(m, "GE", OP_GE) < 0 ||
        PyModule_AddIntConstant(m, "LT", OP_LT) < 0 || PyModule_AddIntConstant(m, "LE", OP_LE) < 0)
        goto fail;
    Py_INCREF(&TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&TallyType) < 0) {
        Py_DECREF(&TallyType);
        goto fail;
    }
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
