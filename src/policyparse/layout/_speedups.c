/* Compiled kernels of the layout stage: the per-character loops of reading a page with pdfium
 * and of building lines, which in Python cost about a third of a document's time.
 *
 * Each kernel is a line-for-line port of a pure-Python reference in the package (named in its
 * docstring); the package calls the reference where this module is not built, when
 * POLICYPARSE_PURE_PYTHON is set, and where a kernel returns None (an input it does not take,
 * such as a coordinate that is not a float or is NaN). tests/test_speedups.py checks that
 * every kernel and its reference give equal results, on the fixture pages and on generated
 * input. Arithmetic is IEEE double as in Python, evaluated in the same order; the build turns
 * off floating-point contraction (fused multiply-add) so that the results are the same bits.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32) && !defined(_WIN64)
#define FPDF_CALLCONV __stdcall
#else
#define FPDF_CALLCONV
#endif

typedef struct {
    float left, top, right, bottom;
} fs_rectf;

typedef void *(FPDF_CALLCONV *text_object_fn)(void *, int);
typedef int(FPDF_CALLCONV *loose_box_fn)(void *, int, fs_rectf *);
typedef int(FPDF_CALLCONV *char_origin_fn)(void *, int, double *, double *);
typedef int(FPDF_CALLCONV *is_generated_fn)(void *, int);
typedef void *(FPDF_CALLCONV *object_font_fn)(void *);
typedef double(FPDF_CALLCONV *font_size_fn)(void *, int);
typedef struct {
    float a, b, c, d, e, f;
} fs_matrix;
typedef int(FPDF_CALLCONV *matrix_fn)(void *, int, fs_matrix *);

/* What a new text object needs from Python in the common case: its font (name, descent), and
 * the ink offsets of that font at its horizontal scale. */
typedef struct {
    object_font_fn object_font;
    font_size_fn font_size;
    matrix_fn matrix;
    double ra, rb, rc, rd; /* the page rotation as pdfminer applies it */
    int all_text;
    PyObject *handles;  /* dict: font handle -> (name, descent) */
    PyObject *load_font; /* handle -> (name, descent), adding it to handles */
    PyObject *ink_left; /* dict: (name, width) -> dict of ink offsets */
    fs_matrix m;        /* kept between calls, as the reference's matrix */
} run_context;

/* The facts of an axis-aligned text object (pdfium._run's common case, computed in the same
 * order): 1 when done, 0 when the object is not axis-aligned (the caller asks run_info), -1
 * on error. New references in *font and *ink. */
static int
aligned_run(run_context *rc, void *tp, int i, void *obj, int *keep, double *size, double *descent,
            PyObject **font, PyObject **ink)
{
    void *handle = rc->object_font(obj);
    double font_size = rc->font_size(tp, i);
    rc->matrix(tp, i, &rc->m);
    double a = (double)rc->m.a, b = (double)rc->m.b, c = (double)rc->m.c, d = (double)rc->m.d;
    if (!(b == 0.0 && c == 0.0 && a > 0.0 && d > 0.0))
        return 0;
    double pa = a * rc->ra + b * rc->rc, pb = a * rc->rb + b * rc->rd;
    double pc = c * rc->ra + d * rc->rc, pd = c * rc->rb + d * rc->rd;
    int upright = pa * pd > 0 && pb * pc <= 0;
    PyObject *key = PyLong_FromVoidPtr(handle);
    if (key == NULL)
        return -1;
    PyObject *facts = PyDict_GetItemWithError(rc->handles, key);
    if (facts != NULL) {
        Py_INCREF(facts);
    }
    else if (!PyErr_Occurred()) {
        facts = PyObject_CallOneArg(rc->load_font, key);
    }
    Py_DECREF(key);
    if (facts == NULL)
        return -1;
    if (!PyTuple_Check(facts) || PyTuple_GET_SIZE(facts) != 2) {
        Py_DECREF(facts);
        PyErr_SetString(PyExc_TypeError, "a font must be a (name, descent) tuple");
        return -1;
    }
    double font_descent = PyFloat_AsDouble(PyTuple_GET_ITEM(facts, 1));
    if (font_descent == -1.0 && PyErr_Occurred()) {
        Py_DECREF(facts);
        return -1;
    }
    *size = font_size * d;
    *descent = font_descent * *size;
    *keep = upright || rc->all_text;
    *font = Py_NewRef(PyTuple_GET_ITEM(facts, 0));
    Py_DECREF(facts);
    PyObject *width = PyFloat_FromDouble(font_size * a);
    PyObject *ink_key = width == NULL ? NULL : PyTuple_Pack(2, *font, width);
    Py_XDECREF(width);
    PyObject *fresh = ink_key == NULL ? NULL : PyDict_New();
    PyObject *found = fresh == NULL ? NULL : PyDict_SetDefault(rc->ink_left, ink_key, fresh);
    Py_XDECREF(ink_key);
    Py_XDECREF(fresh);
    if (found == NULL) {
        Py_CLEAR(*font);
        return -1;
    }
    *ink = Py_NewRef(found);
    return 1;
}

static PyObject *SPACE; /* " " */

/* --- helpers ------------------------------------------------------------------------------ */

static int
is_one_space(PyObject *text)
{
    return PyUnicode_GET_LENGTH(text) == 1 && PyUnicode_READ_CHAR(text, 0) == ' ';
}

/* Whether str.strip() would leave something: a character that is not whitespace. */
static int
has_visible(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 1;
    }
    return 0;
}

/* ``normalized.get(text, text)`` (ligatures, bullets, hyphens), borrowed; NULL with an
   exception set on a lookup error or a value that is not a str. */
static PyObject *
normalized_text(PyObject *normalized, PyObject *text)
{
    PyObject *mapped = PyDict_GetItemWithError(normalized, text);
    if (mapped == NULL)
        return PyErr_Occurred() ? NULL : text;
    if (!PyUnicode_Check(mapped)) {
        PyErr_SetString(PyExc_TypeError, "normalized values must be str");
        return NULL;
    }
    return mapped;
}

/* item k of a character tuple as a double; -1 with *ok = 0 where it is not an exact float */
static inline double
coord(PyObject *ch, Py_ssize_t k, int *ok)
{
    PyObject *v = PyTuple_GET_ITEM(ch, k);
    if (!PyFloat_CheckExact(v)) {
        *ok = 0;
        return 0.0;
    }
    return PyFloat_AS_DOUBLE(v);
}

/* a character: a tuple of 7 items whose text (item 0) is a str */
static int
is_char(PyObject *ch)
{
    return PyTuple_Check(ch) && PyTuple_GET_SIZE(ch) == 7 && PyUnicode_Check(PyTuple_GET_ITEM(ch, 0));
}

/* A page's characters as a fast sequence (new reference); None (new reference) where they
 * are neither a list nor a tuple: the caller returns it, and the reference runs. */
static PyObject *
char_sequence(PyObject *chars)
{
    if (!PyList_Check(chars) && !PyTuple_Check(chars))
        return Py_NewRef(Py_None);
    return PySequence_Fast(chars, "chars must be a sequence");
}

/* Takes a new tuple of exact floats and strs out of the cyclic garbage collector's care: it
 * cannot be part of a cycle, and the collector would otherwise visit it at its next young
 * collection only to find that out (CPython untracks such tuples lazily). A page has a
 * character tuple and a box tuple per glyph, so this saves a visit per object. */
static void
untrack_atomic(PyObject *t)
{
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *v = PyTuple_GET_ITEM(t, k);
        if (!PyFloat_CheckExact(v) && !PyUnicode_CheckExact(v))
            return;
    }
    PyObject_GC_UnTrack(t);
}

/* (text, x0, top, x1, bottom, size, font): x0 and x1 new floats, the rest shared */
static int
append_char(PyObject *chars, PyObject *text, double x0, PyObject *top, double x1, PyObject *bottom,
            PyObject *size, PyObject *font)
{
    PyObject *fx0 = PyFloat_FromDouble(x0);
    PyObject *fx1 = PyFloat_FromDouble(x1);
    PyObject *t = PyTuple_New(7);
    if (fx0 == NULL || fx1 == NULL || t == NULL) {
        Py_XDECREF(fx0);
        Py_XDECREF(fx1);
        Py_XDECREF(t);
        return -1;
    }
    Py_INCREF(text);
    Py_INCREF(top);
    Py_INCREF(bottom);
    Py_INCREF(size);
    Py_INCREF(font);
    PyTuple_SET_ITEM(t, 0, text);
    PyTuple_SET_ITEM(t, 1, fx0);
    PyTuple_SET_ITEM(t, 2, top);
    PyTuple_SET_ITEM(t, 3, fx1);
    PyTuple_SET_ITEM(t, 4, bottom);
    PyTuple_SET_ITEM(t, 5, size);
    PyTuple_SET_ITEM(t, 6, font);
    untrack_atomic(t);
    int rc = PyList_Append(chars, t);
    Py_DECREF(t);
    return rc;
}

static int
append_result(PyObject *chars, PyObject *made)
{
    if (made == NULL)
        return -1;
    int rc = PyList_Append(chars, made);
    Py_DECREF(made);
    return rc;
}

/* chars[-1] = (*last[:3], x1, *last[4:]) where last[1] == x0 and last[3] > x1: the first piece
 * of a ligature glyph ends where the next piece starts */
static int
cut_last(PyObject *chars, double x0, double x1)
{
    Py_ssize_t n = PyList_GET_SIZE(chars);
    if (n == 0)
        return 0;
    PyObject *last = PyList_GET_ITEM(chars, n - 1);
    PyObject *a = PyTuple_GET_ITEM(last, 1), *b = PyTuple_GET_ITEM(last, 3);
    double la = PyFloat_AsDouble(a), lb;
    if (la == -1.0 && PyErr_Occurred())
        return -1;
    if (la != x0)
        return 0;
    lb = PyFloat_AsDouble(b);
    if (lb == -1.0 && PyErr_Occurred())
        return -1;
    if (!(lb > x1))
        return 0;
    Py_ssize_t size = PyTuple_GET_SIZE(last);
    PyObject *t = PyTuple_New(size);
    PyObject *fx1 = PyFloat_FromDouble(x1);
    if (t == NULL || fx1 == NULL) {
        Py_XDECREF(t);
        Py_XDECREF(fx1);
        return -1;
    }
    for (Py_ssize_t k = 0; k < size; k++) {
        PyObject *v = k == 3 ? fx1 : PyTuple_GET_ITEM(last, k);
        if (k != 3)
            Py_INCREF(v);
        PyTuple_SET_ITEM(t, k, v);
    }
    return PyList_SetItem(chars, n - 1, t); /* steals t */
}

/* --- pdfium: the characters of a text page ------------------------------------------------ */

/* pdfium._char_text for a character of the page's text: pdfium's mark for a hyphen at a line
 * end (U+0002, U+FFFE) is "-", a control code (a glyph without a Unicode mapping) "(cid:N)",
 * a lone surrogate or U+FFFF the replacement character; anything else itself. */
static PyObject *
char_text(Py_UCS4 c)
{
    if (c == 0x0002 || c == 0xFFFE)
        return PyUnicode_FromOrdinal('-');
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return PyUnicode_FromFormat("(cid:%d)", (int)c);
    if ((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFF)
        return PyUnicode_FromOrdinal(0xFFFD);
    return PyUnicode_FromOrdinal(c);
}

typedef struct {
    PyObject *text, *top, *bottom, *size, *font; /* owned; text NULL: none yet */
    double x0, x1, bottom_d;
} pending_char;

static void
set_ref(PyObject **slot, PyObject *value)
{
    Py_XINCREF(value);
    Py_XSETREF(*slot, value);
}

static int
flush_pending(PyObject *chars, pending_char *p, double ex)
{
    if (p->text == NULL)
        return 0;
    int rc = append_char(chars, p->text, p->x0 + ex, p->top, p->x1 + ex, p->bottom, p->size, p->font);
    Py_CLEAR(p->text);
    return rc;
}

PyDoc_STRVAR(page_chars_doc,
"page_chars(text_page, n, page_text, functions, plain, ex, ft, overlap, rotation, all_text,\n"
"           handles, load_font, ink_left, run_info, make_char)\n"
"--\n\n"
"The character loop of pdfium.page_chars_reference: (chars, dropped). ``page_text`` is the\n"
"page's text as pdfium gives it (its special characters mapped here, as pdfium._char_text\n"
"maps them) or one text per character. ``functions`` are the\n"
"addresses of FPDFText_GetTextObject, FPDFText_GetLooseCharBox, FPDFText_GetCharOrigin,\n"
"FPDFText_IsGenerated, FPDFTextObj_GetFont, FPDFText_GetFontSize and FPDFText_GetMatrix. An\n"
"axis-aligned text object's facts are computed here as pdfium._run computes them (font\n"
"facts from ``handles`` or ``load_font``, ink offsets from ``ink_left``); for any other\n"
"``run_info(index, text_object)`` gives (keep, aligned, size, descent, font, ink offsets).\n"
"``make_char`` makes a character off the fast path.");

static PyObject *
page_chars(PyObject *self, PyObject *args)
{
    unsigned long long tp_value, f_object, f_box, f_origin, f_generated, f_font, f_size, f_matrix;
    int n, plain;
    PyObject *page_text, *run_info, *make_char;
    double ex, ft, overlap;
    run_context rc;
    memset(&rc, 0, sizeof(rc));
    if (!PyArg_ParseTuple(args, "KiO(KKKKKKK)pddd(dddd)pO!OO!OO", &tp_value, &n, &page_text,
                          &f_object, &f_box, &f_origin, &f_generated, &f_font, &f_size, &f_matrix,
                          &plain, &ex, &ft, &overlap, &rc.ra, &rc.rb, &rc.rc, &rc.rd, &rc.all_text,
                          &PyDict_Type, &rc.handles, &rc.load_font, &PyDict_Type, &rc.ink_left,
                          &run_info, &make_char))
        return NULL;
    rc.object_font = (object_font_fn)(uintptr_t)f_font;
    rc.font_size = (font_size_fn)(uintptr_t)f_size;
    rc.matrix = (matrix_fn)(uintptr_t)f_matrix;
    int is_str = PyUnicode_Check(page_text);
    if (!is_str && !PyList_Check(page_text)) {
        PyErr_SetString(PyExc_TypeError, "page_text must be a str or a list of str");
        return NULL;
    }
    Py_ssize_t have = is_str ? PyUnicode_GET_LENGTH(page_text) : PyList_GET_SIZE(page_text);
    if (n < 0 || have != n) {
        PyErr_SetString(PyExc_ValueError, "page_text does not have one text per character");
        return NULL;
    }
    if (!is_str) {
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *t = PyList_GET_ITEM(page_text, i);
            if (!PyUnicode_Check(t) || PyUnicode_GET_LENGTH(t) == 0) {
                PyErr_SetString(PyExc_TypeError, "page_text items must be non-empty str");
                return NULL;
            }
        }
    }
    void *tp = (void *)(uintptr_t)tp_value;
    text_object_fn get_object = (text_object_fn)(uintptr_t)f_object;
    loose_box_fn get_box = (loose_box_fn)(uintptr_t)f_box;
    char_origin_fn get_origin = (char_origin_fn)(uintptr_t)f_origin;
    is_generated_fn is_generated = (is_generated_fn)(uintptr_t)f_generated;

    fs_rectf *boxes = PyMem_Calloc(n ? (size_t)n : 1, sizeof(fs_rectf));
    void **objects = PyMem_Calloc(n ? (size_t)n : 1, sizeof(void *));
    PyObject *chars = PyList_New(0);
    if (boxes == NULL || objects == NULL || chars == NULL) {
        PyMem_Free(boxes);
        PyMem_Free(objects);
        Py_XDECREF(chars);
        return PyErr_NoMemory();
    }
    for (int i = 0; i < n; i++) {
        objects[i] = get_object(tp, i);
        get_box(tp, i, &boxes[i]);
    }

    double ox = 0.0, oy = 0.0; /* the origin: kept between calls, as the reference's array */
    void *run = NULL;
    Py_ssize_t dropped = 0;
    int keep = 0, fast = 0, aligned = 0, have_gap = 0;
    double size = 0.0, descent = 0.0, y0 = 0.0, top = 0.0, bottom = 0.0, gap_at = 0.0, gap_y = 0.0;
    PyObject *size_obj = NULL, *font = NULL, *run_ink = NULL, *top_obj = NULL, *bottom_obj = NULL;
    PyObject *text = NULL, *result = NULL;
    pending_char p = {NULL, NULL, NULL, NULL, NULL, 0.0, 0.0, 0.0};
    int kind = is_str ? PyUnicode_KIND(page_text) : 0;
    const void *data = is_str ? PyUnicode_DATA(page_text) : NULL;

    for (int i = 0; i < n; i++) {
        Py_CLEAR(text);
        if (is_str) {
            text = char_text(PyUnicode_READ(kind, data, i));
            if (text == NULL)
                goto done;
        }
        else {
            text = PyList_GET_ITEM(page_text, i);
            Py_INCREF(text);
        }
        void *obj = objects[i];
        double left = (double)boxes[i].left, right = (double)boxes[i].right;
        if (obj != NULL && obj == run && fast && !have_gap) { /* the common case */
            if (left == right && is_one_space(text) && is_generated(tp, i))
                continue;
            double x0, d = left - p.x1;
            if (-0.001 <= d && d <= 0.001) {
                x0 = left;
            }
            else if (left < p.x1 - overlap) {
                get_origin(tp, i, &ox, &oy);
                x0 = ox;
                if (p.x0 < x0 && x0 < p.x1) {
                    p.x1 = x0;
                    if (cut_last(chars, p.x0 + ex, x0 + ex) < 0)
                        goto done;
                }
            }
            else {
                double offset;
                PyObject *known = PyDict_GetItemWithError(run_ink, text);
                if (known != NULL) {
                    offset = PyFloat_AsDouble(known);
                    if (offset == -1.0 && PyErr_Occurred())
                        goto done;
                }
                else {
                    if (PyErr_Occurred())
                        goto done;
                    get_origin(tp, i, &ox, &oy);
                    offset = left - ox;
                    if (-0.001 < offset && offset < 0.001)
                        offset = 0.0;
                    PyObject *value = PyFloat_FromDouble(offset);
                    if (value == NULL || PyDict_SetItem(run_ink, text, value) < 0) {
                        Py_XDECREF(value);
                        goto done;
                    }
                    Py_DECREF(value);
                }
                x0 = left - offset;
                if (x0 < p.x1)
                    p.x1 = x0 > p.x0 ? x0 : p.x1;
            }
            if (flush_pending(chars, &p, ex) < 0)
                goto done;
            p.text = text;
            text = NULL;
            p.x0 = x0;
            p.x1 = right;
            continue;
        }
        if (obj == NULL) { /* generated: a line break, or a space between two text objects */
            have_gap = 0;
            if (keep && aligned && is_one_space(text)) {
                have_gap = 1;
                gap_at = left;
                gap_y = (double)boxes[i].bottom;
            }
            continue;
        }
        if (left == right && is_one_space(text) && is_generated(tp, i))
            continue;
        double x0;
        if (obj != run) {
            run = obj;
            PyObject *new_font = NULL, *new_ink = NULL;
            int done = aligned_run(&rc, tp, i, obj, &keep, &size, &descent, &new_font, &new_ink);
            if (done < 0)
                goto done;
            if (done) {
                aligned = 1;
                Py_XSETREF(size_obj, PyFloat_FromDouble(size));
                Py_XSETREF(font, new_font);
                Py_XSETREF(run_ink, new_ink);
                if (size_obj == NULL)
                    goto done;
                goto run_known;
            }
            PyObject *info = PyObject_CallFunction(run_info, "iN", i, PyLong_FromVoidPtr(obj));
            if (info == NULL)
                goto done;
            if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 6) {
                Py_DECREF(info);
                PyErr_SetString(PyExc_TypeError, "run_info must return a 6-tuple");
                goto done;
            }
            keep = PyObject_IsTrue(PyTuple_GET_ITEM(info, 0));
            aligned = PyObject_IsTrue(PyTuple_GET_ITEM(info, 1));
            size = PyFloat_AsDouble(PyTuple_GET_ITEM(info, 2));
            descent = PyFloat_AsDouble(PyTuple_GET_ITEM(info, 3));
            set_ref(&size_obj, PyTuple_GET_ITEM(info, 2));
            set_ref(&font, PyTuple_GET_ITEM(info, 4));
            set_ref(&run_ink, PyTuple_GET_ITEM(info, 5));
            Py_DECREF(info);
            if (keep < 0 || aligned < 0 || PyErr_Occurred())
                goto done;
            if (!PyDict_Check(run_ink)) {
                PyErr_SetString(PyExc_TypeError, "run_info's ink offsets must be a dict");
                goto done;
            }
        run_known:
            fast = plain && aligned && keep;
            if (!keep) {
                have_gap = 0;
                dropped++;
                continue;
            }
            get_origin(tp, i, &ox, &oy);
            x0 = ox;
            y0 = oy + descent;
            bottom = ft - y0;
            top = bottom - size;
            Py_XSETREF(bottom_obj, PyFloat_FromDouble(bottom));
            Py_XSETREF(top_obj, PyFloat_FromDouble(top));
            if (bottom_obj == NULL || top_obj == NULL)
                goto done;
            if (p.text != NULL) {
                if (fast && p.x0 < x0 && x0 < p.x1 && fabs(bottom - p.bottom_d) < 1.0)
                    p.x1 = x0;
                if (flush_pending(chars, &p, ex) < 0)
                    goto done;
            }
        }
        else if (!keep) {
            dropped++;
            continue;
        }
        else { /* a run off the fast path, or the first character after a generated space */
            get_origin(tp, i, &ox, &oy);
            x0 = ox;
            if (p.text != NULL && p.x0 < x0 && x0 < p.x1) {
                p.x1 = x0;
                if (cut_last(chars, p.x0 + ex, x0 + ex) < 0)
                    goto done;
            }
        }
        if (have_gap) {
            double dx = x0 - gap_at;
            if (aligned && fabs(y0 - descent - gap_y) < 1.0 && -0.5 <= dx && dx <= 0.6 * size) {
                if (append_result(chars, PyObject_CallFunction(make_char, "OdddddO", SPACE, gap_at, y0,
                                                               x0, y0 + size, size, font)) < 0)
                    goto done;
            }
            have_gap = 0;
        }
        if (fast) {
            if (flush_pending(chars, &p, ex) < 0)
                goto done;
            p.text = text;
            text = NULL;
            p.x0 = x0;
            p.x1 = right;
            set_ref(&p.top, top_obj);
            set_ref(&p.bottom, bottom_obj);
            set_ref(&p.size, size_obj);
            set_ref(&p.font, font);
            p.bottom_d = bottom;
        }
        else if (aligned) { /* upright text on a rotated page */
            if (append_result(chars, PyObject_CallFunction(make_char, "OdddddO", text, x0, y0, right,
                                                           y0 + size, size, font)) < 0)
                goto done;
        }
        else { /* skewed or upside-down text: pdfium's loose box, which follows the matrix */
            if (append_result(chars, PyObject_CallFunction(make_char, "OdddddO", text, left,
                                                           (double)boxes[i].bottom, right,
                                                           (double)boxes[i].top, size, font)) < 0)
                goto done;
        }
    }
    if (flush_pending(chars, &p, ex) == 0)
        result = Py_BuildValue("(On)", chars, dropped);

done: /* one way out, with or without an error (result NULL) */
    Py_XDECREF(text);
    Py_XDECREF(p.text);
    Py_XDECREF(p.top);
    Py_XDECREF(p.bottom);
    Py_XDECREF(p.size);
    Py_XDECREF(p.font);
    Py_XDECREF(size_obj);
    Py_XDECREF(font);
    Py_XDECREF(run_ink);
    Py_XDECREF(top_obj);
    Py_XDECREF(bottom_obj);
    PyMem_Free(boxes);
    PyMem_Free(objects);
    Py_DECREF(chars);
    return result;
}

/* --- lines -------------------------------------------------------------------------------- */

typedef struct {
    double key1, key2;
    Py_ssize_t pos;
} sort_item;

static int
compare_items(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->key1 < y->key1)
        return -1;
    if (y->key1 < x->key1)
        return 1;
    if (x->key2 < y->key2)
        return -1;
    if (y->key2 < x->key2)
        return 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Sorts by compare_items: a natural merge sort. pdfium gives a page's characters in reading
 * order (by bottom, then x0) but for a few places (a word in another font sits a little
 * lower; a column or a footnote drawn out of turn), and a row's are then nearly always in x0
 * order: the input is a few ascending runs, found in one pass and merged pairwise, O(n) per
 * round for O(log runs) rounds. The keys with positions are all distinct, so the order is the
 * one any sort gives. 0, or -1 with MemoryError set. */
static int
sort_items(sort_item *items, Py_ssize_t n)
{
    Py_ssize_t i = 1;
    while (i < n && compare_items(&items[i - 1], &items[i]) <= 0)
        i++;
    if (i >= n)
        return 0; /* in order already: the common case */
    Py_ssize_t *bounds = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    sort_item *spare = PyMem_Malloc((size_t)n * sizeof(sort_item));
    if (bounds == NULL || spare == NULL) {
        PyMem_Free(bounds);
        PyMem_Free(spare);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t runs = 0; /* run r is [bounds[r], bounds[r + 1]) */
    bounds[runs++] = 0;
    for (; i < n; i++) {
        if (compare_items(&items[i - 1], &items[i]) > 0)
            bounds[runs++] = i;
    }
    bounds[runs] = n;
    sort_item *src = items, *dst = spare;
    while (runs > 1) {
        Py_ssize_t merged = 0;
        for (Py_ssize_t r = 0; r < runs; r += 2) {
            Py_ssize_t lo = bounds[r], mid = bounds[r + 1];
            Py_ssize_t hi = r + 2 <= runs ? bounds[r + 2] : mid;
            Py_ssize_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                dst[k++] = compare_items(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
            while (a < mid)
                dst[k++] = src[a++];
            while (b < hi)
                dst[k++] = src[b++];
            bounds[merged++] = lo; /* merged <= r: the bounds still to read are not touched */
        }
        bounds[merged] = n;
        runs = merged;
        sort_item *t = src;
        src = dst;
        dst = t;
    }
    if (src != items)
        memcpy(items, src, (size_t)n * sizeof(sort_item));
    PyMem_Free(bounds);
    PyMem_Free(spare);
    return 0;
}

PyDoc_STRVAR(rows_doc,
"rows(chars)\n--\n\n"
"lines.rows_reference: the characters in rows by baseline, each row by x0; None where a\n"
"character is not a tuple of str and floats or a coordinate is NaN.");

static PyObject *
rows(PyObject *self, PyObject *chars)
{
    PyObject *seq = char_sequence(chars);
    if (seq == NULL || seq == Py_None)
        return seq;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    sort_item *order = PyMem_Malloc((n ? (size_t)n : 1) * sizeof(sort_item));
    double *sizes = PyMem_Malloc((n ? (size_t)n : 1) * sizeof(double));
    PyObject *out = NULL;
    if (order == NULL || sizes == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        int ok = 1;
        if (!is_char(ch)) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        double bottom = coord(ch, 4, &ok), x0 = coord(ch, 1, &ok), size = coord(ch, 5, &ok);
        if (!ok || isnan(bottom) || isnan(x0) || isnan(size)) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        order[i].key1 = bottom;
        order[i].key2 = x0;
        order[i].pos = i;
        sizes[i] = size;
    }
    /* sorted by x0, then stably by bottom: by (bottom, x0, position) */
    if (sort_items(order, n) < 0)
        goto done;
    out = PyList_New(0);
    if (out == NULL)
        goto done;
    /* a new row wherever a bottom is further than its tolerance below the row's first */
    Py_ssize_t start = 0;
    double ref = n ? order[0].key1 : 0.0;
    for (Py_ssize_t k = 1; k <= n; k++) {
        if (k < n) {
            double tolerance = 0.3 * sizes[order[k].pos];
            if (order[k].key1 - ref <= (tolerance > 1.0 ? tolerance : 1.0))
                continue;
        }
        /* the row [start, k), sorted by x0, stably */
        Py_ssize_t len = k - start;
        for (Py_ssize_t j = start; j < k; j++) {
            order[j].key1 = order[j].key2;
            order[j].key2 = (double)j;
        }
        if (sort_items(order + start, len) < 0) {
            Py_CLEAR(out);
            goto done;
        }
        PyObject *row = PyList_New(len);
        if (row == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        for (Py_ssize_t j = 0; j < len; j++) {
            PyObject *ch = items[order[start + j].pos];
            Py_INCREF(ch);
            PyList_SET_ITEM(row, j, ch);
        }
        int rc = PyList_Append(out, row);
        Py_DECREF(row);
        if (rc < 0) {
            Py_CLEAR(out);
            goto done;
        }
        if (k < n) {
            start = k;
            ref = order[k].key1;
        }
    }
done:
    PyMem_Free(order);
    PyMem_Free(sizes);
    Py_DECREF(seq);
    return out;
}

PyDoc_STRVAR(visible_doc,
"visible(row)\n--\n\n"
"lines.visible_reference: the characters whose text is not only whitespace; None where an\n"
"item is not a character tuple.");

static PyObject *
visible(PyObject *self, PyObject *row)
{
    if (!PyList_Check(row))
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(row);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(row, i);
        if (!is_char(ch)) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        if (has_visible(PyTuple_GET_ITEM(ch, 0)) && PyList_Append(out, ch) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

PyDoc_STRVAR(splits_doc,
"splits(visible, gap_limit, shifted_gap)\n--\n\n"
"lines.splits_reference: whether a gap between two visible characters parts the row into\n"
"columns; None where a coordinate is not a float.");

static PyObject *
splits(PyObject *self, PyObject *args)
{
    PyObject *row;
    double gap_limit, shifted_gap;
    if (!PyArg_ParseTuple(args, "O!dd", &PyList_Type, &row, &gap_limit, &shifted_gap))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(row);
    int ok = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!is_char(PyList_GET_ITEM(row, i)))
            Py_RETURN_NONE;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        PyObject *a = PyList_GET_ITEM(row, i - 1), *b = PyList_GET_ITEM(row, i);
        double gap = coord(b, 1, &ok) - coord(a, 3, &ok);
        double step = coord(b, 4, &ok) - coord(a, 4, &ok);
        if (!ok)
            Py_RETURN_NONE;
        if (gap > shifted_gap && (gap > gap_limit || fabs(step) > 1.0))
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

PyDoc_STRVAR(line_text_doc,
"line_text(chars, word_gap, normalized)\n--\n\n"
"lines.line_text_reference: a segment's text, with a space where the gap is wider than\n"
"``word_gap`` or a blank character was, and one box (or None for an inserted space) per\n"
"character of it; None where a coordinate is not a float.");

static PyObject *
line_text(PyObject *self, PyObject *args)
{
    PyObject *row, *normalized;
    double word_gap;
    if (!PyArg_ParseTuple(args, "O!dO!", &PyList_Type, &row, &word_gap, &PyDict_Type, &normalized))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(row);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(row, i);
        int ok = 1;
        if (!is_char(ch))
            Py_RETURN_NONE;
        coord(ch, 1, &ok);
        coord(ch, 3, &ok);
        if (!ok)
            Py_RETURN_NONE;
    }
    Py_ssize_t cap = 2 * n + 16, len = 0;
    Py_UCS4 *buf = PyMem_Malloc((size_t)cap * sizeof(Py_UCS4));
    PyObject *boxes = PyList_New(0);
    PyObject *result = NULL;
    if (buf == NULL || boxes == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int have_last = 0, pending_space = 0;
    double last_x1 = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(row, i);
        PyObject *text = PyTuple_GET_ITEM(ch, 0);
        if (!has_visible(text)) {
            pending_space = have_last;
            continue;
        }
        double x0 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 1));
        double x1 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 3));
        if (have_last) {
            if (pending_space || x0 - last_x1 > word_gap) {
                if (len >= cap) {
                    cap *= 2;
                    Py_UCS4 *grown = PyMem_Realloc(buf, (size_t)cap * sizeof(Py_UCS4));
                    if (grown == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    buf = grown;
                }
                buf[len++] = ' ';
                if (PyList_Append(boxes, Py_None) < 0)
                    goto done;
            }
            if (x1 > last_x1)
                last_x1 = x1;
        }
        else {
            last_x1 = x1;
            have_last = 1;
        }
        pending_space = 0;
        text = normalized_text(normalized, text);
        if (text == NULL)
            goto done;
        PyObject *box = PyTuple_Pack(4, PyTuple_GET_ITEM(ch, 1), PyTuple_GET_ITEM(ch, 2),
                                     PyTuple_GET_ITEM(ch, 3), PyTuple_GET_ITEM(ch, 4));
        if (box == NULL)
            goto done;
        untrack_atomic(box);
        Py_ssize_t pieces = PyUnicode_GET_LENGTH(text);
        if (len + pieces > cap) {
            cap = 2 * (len + pieces);
            Py_UCS4 *grown = PyMem_Realloc(buf, (size_t)cap * sizeof(Py_UCS4));
            if (grown == NULL) {
                Py_DECREF(box);
                PyErr_NoMemory();
                goto done;
            }
            buf = grown;
        }
        for (Py_ssize_t k = 0; k < pieces; k++) {
            buf[len++] = PyUnicode_READ_CHAR(text, k);
            if (PyList_Append(boxes, box) < 0) {
                Py_DECREF(box);
                goto done;
            }
        }
        Py_DECREF(box);
    }
    PyObject *joined = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, len);
    if (joined != NULL)
        result = Py_BuildValue("(NO)", joined, boxes);
done:
    PyMem_Free(buf);
    Py_XDECREF(boxes);
    return result;
}

PyDoc_STRVAR(bounds_doc,
"bounds(items, start, end, offset)\n--\n\n"
"The union box of items[start:end]: (min of item[offset], min of item[offset + 1], max of\n"
"item[offset + 2], max of item[offset + 3]), the very float objects, compared as Python's\n"
"min and max compare (the first of equals; NaN as ``<`` and ``>`` treat it). None items are\n"
"skipped (boxes of inserted spaces). None where nothing is left or an item is not a tuple\n"
"of floats there: the reference (lines.bounds_reference) decides.");

static PyObject *
bounds(PyObject *self, PyObject *args)
{
    PyObject *items;
    Py_ssize_t start, end, offset;
    if (!PyArg_ParseTuple(args, "O!nnn", &PyList_Type, &items, &start, &end, &offset))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(items);
    if (start < 0)
        start = 0;
    if (end > n)
        end = n;
    if (offset < 0)
        Py_RETURN_NONE;
    PyObject *best[4] = {NULL, NULL, NULL, NULL};
    double value[4] = {0.0, 0.0, 0.0, 0.0};
    for (Py_ssize_t i = start; i < end; i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        if (item == Py_None)
            continue;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < offset + 4)
            Py_RETURN_NONE;
        for (int k = 0; k < 4; k++) {
            PyObject *v = PyTuple_GET_ITEM(item, offset + k);
            if (!PyFloat_CheckExact(v))
                Py_RETURN_NONE;
            double d = PyFloat_AS_DOUBLE(v);
            if (best[k] == NULL || (k < 2 ? d < value[k] : d > value[k])) {
                best[k] = v;
                value[k] = d;
            }
        }
    }
    if (best[0] == NULL)
        Py_RETURN_NONE;
    return PyTuple_Pack(4, best[0], best[1], best[2], best[3]);
}

PyDoc_STRVAR(same_x_pairs_doc,
"same_x_pairs(chars)\n--\n\n"
"lines.same_x_pairs_reference: (visible characters, neighbouring visible pairs whose x0\n"
"differ by less than 0.5); None where an item is not a character tuple with a float x0.");

static PyObject *
same_x_pairs(PyObject *self, PyObject *chars)
{
    PyObject *seq = char_sequence(chars);
    if (seq == NULL || seq == Py_None)
        return seq;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), shown = 0, pairs = 0;
    PyObject **items = PySequence_Fast_ITEMS(seq);
    double last = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        if (!is_char(ch) || !PyFloat_CheckExact(PyTuple_GET_ITEM(ch, 1))) {
            Py_DECREF(seq);
            Py_RETURN_NONE;
        }
        if (!has_visible(PyTuple_GET_ITEM(ch, 0)))
            continue;
        double x0 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 1)), d = last - x0;
        if (shown > 0 && -0.5 < d && d < 0.5)
            pairs++;
        last = x0;
        shown++;
    }
    Py_DECREF(seq);
    return Py_BuildValue("(nn)", shown, pairs);
}

PyDoc_STRVAR(uniform_size_doc,
"uniform_size(visible)\n--\n\n"
"round(size, 1) where every character has the first one's size (as list.count compares:\n"
"the same object, or equal); None otherwise (lines.char_size_reference counts them).");

static PyObject *
uniform_size(PyObject *self, PyObject *row)
{
    if (!PyList_Check(row) || PyList_GET_SIZE(row) == 0)
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(row);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PyList_GET_ITEM(row, i);
        if (!is_char(ch) || !PyFloat_CheckExact(PyTuple_GET_ITEM(ch, 5)))
            Py_RETURN_NONE;
    }
    PyObject *first = PyTuple_GET_ITEM(PyList_GET_ITEM(row, 0), 5);
    double size = PyFloat_AS_DOUBLE(first);
    for (Py_ssize_t i = 1; i < n; i++) {
        PyObject *v = PyTuple_GET_ITEM(PyList_GET_ITEM(row, i), 5);
        if (v != first && PyFloat_AS_DOUBLE(v) != size)
            Py_RETURN_NONE;
    }
    return PyObject_CallMethod(first, "__round__", "i", 1);
}

/* round(value, 1) as Python's float.__round__ gives it, for the float object v; the last
 * result is kept: most rows of a page have the size of the one before. */
static PyObject *ROUND_NAME, *ONE, *last_rounded;
static double last_size;

static PyObject *
round_size(PyObject *v)
{
    double d = PyFloat_AS_DOUBLE(v);
    if (last_rounded != NULL && memcmp(&d, &last_size, sizeof(double)) == 0)
        return Py_NewRef(last_rounded);
    PyObject *args[2] = {v, ONE};
    PyObject *r = PyObject_VectorcallMethod(ROUND_NAME, args, 2, NULL);
    if (r == NULL)
        return NULL;
    if (PyFloat_CheckExact(r)) {
        Py_XSETREF(last_rounded, Py_NewRef(r));
        last_size = d;
    }
    return r;
}

PyDoc_STRVAR(row_line_doc,
"row_line(row, normalized)\n--\n\n"
"lines.row_line_reference for a row (a list of characters ordered by x0) that is one line:\n"
"(text, boxes, x0, top, x1, bottom, size, fonts, soft_hyphen_end), where fonts is the font\n"
"of every visible character or a dict of counts by font. None where the row has no visible\n"
"character or splits into columns (as the reference), and also where the visible\n"
"characters differ in size or an item is not a character of exact, non-NaN floats with a\n"
"str font: the caller then takes the general path.");

static PyObject *
row_line(PyObject *self, PyObject *args)
{
    PyObject *row, *normalized;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &row, &PyDict_Type, &normalized))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(row);
    PyObject **items = PySequence_Fast_ITEMS(row);
    /* every item a character of exact, non-NaN float coordinates and size and a str font */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        if (!is_char(ch) || !PyUnicode_Check(PyTuple_GET_ITEM(ch, 6)))
            Py_RETURN_NONE;
        for (Py_ssize_t k = 1; k <= 5; k++) {
            PyObject *v = PyTuple_GET_ITEM(ch, k);
            if (!PyFloat_CheckExact(v) || isnan(PyFloat_AS_DOUBLE(v)))
                Py_RETURN_NONE;
        }
    }
    /* the visible characters: one size (as list.count compares), no column gap */
    PyObject *first = NULL, *first_size = NULL, *first_font = NULL, *prev = NULL;
    int one_font = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        if (!has_visible(PyTuple_GET_ITEM(ch, 0)))
            continue;
        PyObject *sz = PyTuple_GET_ITEM(ch, 5), *font = PyTuple_GET_ITEM(ch, 6);
        if (first == NULL) {
            first = ch;
            first_size = sz;
            first_font = font;
            continue;
        }
        if (sz != first_size && PyFloat_AS_DOUBLE(sz) != PyFloat_AS_DOUBLE(first_size))
            Py_RETURN_NONE;
        if (one_font && font != first_font) {
            int same = PyUnicode_Compare(font, first_font);
            if (same == -1 && PyErr_Occurred())
                return NULL;
            one_font = same == 0;
        }
    }
    if (first == NULL)
        Py_RETURN_NONE;
    PyObject *size = round_size(first_size);
    if (size == NULL)
        return NULL;
    if (!PyFloat_Check(size)) {
        Py_DECREF(size);
        Py_RETURN_NONE;
    }
    double sized = PyFloat_AS_DOUBLE(size);
    double gap_limit = 2.2 * sized, shifted_gap = 0.8 * sized, word_gap = 0.2 * sized;
    if (16.0 > gap_limit)
        gap_limit = 16.0;
    PyObject *best[4] = {NULL, NULL, NULL, NULL};
    double value[4] = {0.0, 0.0, 0.0, 0.0};
    prev = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        if (!has_visible(PyTuple_GET_ITEM(ch, 0)))
            continue;
        if (prev != NULL) {
            double gap = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 1)) -
                         PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(prev, 3));
            double step = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 4)) -
                          PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(prev, 4));
            if (gap > shifted_gap && (gap > gap_limit || fabs(step) > 1.0)) {
                Py_DECREF(size);
                Py_RETURN_NONE;
            }
        }
        prev = ch;
        for (int k = 0; k < 4; k++) { /* bounds: Python's min and max, the first of equals */
            PyObject *v = PyTuple_GET_ITEM(ch, 1 + k);
            double d = PyFloat_AS_DOUBLE(v);
            if (best[k] == NULL || (k < 2 ? d < value[k] : d > value[k])) {
                best[k] = v;
                value[k] = d;
            }
        }
    }
    /* the text and boxes (line_text), then without soft hyphens */
    Py_ssize_t cap = 2 * n + 16, len = 0;
    Py_UCS4 *buf = PyMem_Malloc((size_t)cap * sizeof(Py_UCS4));
    PyObject **bx = PyMem_Malloc((size_t)cap * sizeof(PyObject *));
    PyObject *fonts = NULL, *result = NULL;
    if (buf == NULL || bx == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int have_last = 0, pending_space = 0;
    double last_x1 = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = items[i];
        PyObject *text = PyTuple_GET_ITEM(ch, 0);
        if (!has_visible(text)) {
            pending_space = have_last;
            continue;
        }
        double x0 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 1));
        double x1 = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(ch, 3));
        text = normalized_text(normalized, text);
        if (text == NULL)
            goto done;
        Py_ssize_t pieces = PyUnicode_GET_LENGTH(text);
        if (len + pieces + 1 > cap) {
            cap = 2 * (len + pieces + 1);
            Py_UCS4 *grown = PyMem_Realloc(buf, (size_t)cap * sizeof(Py_UCS4));
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            buf = grown;
            PyObject **grown_bx = PyMem_Realloc(bx, (size_t)cap * sizeof(PyObject *));
            if (grown_bx == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            bx = grown_bx;
        }
        if (have_last) {
            if (pending_space || x0 - last_x1 > word_gap) {
                buf[len] = ' ';
                bx[len++] = NULL;
            }
            if (x1 > last_x1)
                last_x1 = x1;
        }
        else {
            last_x1 = x1;
            have_last = 1;
        }
        pending_space = 0;
        if (pieces == 0)
            continue;
        PyObject *box = PyTuple_Pack(4, PyTuple_GET_ITEM(ch, 1), PyTuple_GET_ITEM(ch, 2),
                                     PyTuple_GET_ITEM(ch, 3), PyTuple_GET_ITEM(ch, 4));
        if (box == NULL)
            goto done;
        PyObject_GC_UnTrack(box); /* four exact floats (checked above): see untrack_atomic */
        for (Py_ssize_t k = 0; k < pieces; k++) {
            buf[len] = PyUnicode_READ_CHAR(text, k);
            bx[len++] = k ? Py_NewRef(box) : box;
        }
    }
    int soft = len > 0 && buf[len - 1] == 0xAD;
    Py_ssize_t kept = 0;
    for (Py_ssize_t k = 0; k < len; k++)
        kept += buf[k] != 0xAD;
    PyObject *boxes = PyList_New(kept);
    if (boxes == NULL)
        goto done;
    Py_ssize_t j = 0;
    for (Py_ssize_t k = 0; k < len; k++) {
        if (buf[k] == 0xAD)
            continue;
        buf[j] = buf[k];
        PyList_SET_ITEM(boxes, j, bx[k] != NULL ? Py_NewRef(bx[k]) : Py_NewRef(Py_None));
        j++;
    }
    PyObject *joined = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, kept);
    if (joined == NULL) {
        Py_DECREF(boxes);
        goto done;
    }
    /* the fonts: the one font, or counts in order of first occurrence (as a Counter) */
    if (one_font) {
        fonts = Py_NewRef(first_font);
    }
    else {
        fonts = PyDict_New();
        for (Py_ssize_t i = 0; fonts != NULL && i < n; i++) {
            PyObject *ch = items[i];
            if (!has_visible(PyTuple_GET_ITEM(ch, 0)))
                continue;
            PyObject *font = PyTuple_GET_ITEM(ch, 6);
            PyObject *count = PyDict_GetItemWithError(fonts, font);
            Py_ssize_t c = 0;
            if (count != NULL)
                c = PyLong_AsSsize_t(count);
            else if (PyErr_Occurred())
                Py_CLEAR(fonts);
            PyObject *next = fonts == NULL ? NULL : PyLong_FromSsize_t(c + 1);
            if (next == NULL || PyDict_SetItem(fonts, font, next) < 0)
                Py_CLEAR(fonts);
            Py_XDECREF(next);
        }
        if (fonts == NULL) {
            Py_DECREF(boxes);
            Py_DECREF(joined);
            goto done;
        }
    }
    result = PyTuple_New(9);
    if (result == NULL) {
        Py_DECREF(boxes);
        Py_DECREF(joined);
        goto done;
    }
    PyTuple_SET_ITEM(result, 0, joined);
    PyTuple_SET_ITEM(result, 1, boxes);
    for (int k = 0; k < 4; k++)
        PyTuple_SET_ITEM(result, 2 + k, Py_NewRef(best[k]));
    PyTuple_SET_ITEM(result, 6, Py_NewRef(size));
    PyTuple_SET_ITEM(result, 7, Py_NewRef(fonts));
    PyTuple_SET_ITEM(result, 8, PyBool_FromLong(soft));
done:
    if (bx != NULL) {
        for (Py_ssize_t k = 0; k < len; k++)
            Py_XDECREF(bx[k]);
    }
    PyMem_Free(bx);
    PyMem_Free(buf);
    Py_XDECREF(fonts);
    Py_DECREF(size);
    return result;
}

PyDoc_STRVAR(column_cuts_doc,
"column_cuts(boxes, size, x0, x1, anchors)\n--\n\n"
"lines.column_cuts_reference: the indices of word starts (a box after an inserted space,\n"
"None) a column gap (size) after the previous box, at one of the anchors inside the line;\n"
"None where a box or an anchor is not made of exact floats.");

static PyObject *
column_cuts(PyObject *self, PyObject *args)
{
    PyObject *boxes, *anchors;
    double size, x0, x1;
    if (!PyArg_ParseTuple(args, "O!dddO!", &PyList_Type, &boxes, &size, &x0, &x1, &PyList_Type,
                          &anchors))
        return NULL;
    Py_ssize_t m = PyList_GET_SIZE(anchors), n = PyList_GET_SIZE(boxes), inside = 0;
    double stack[32];
    double *in = m <= 32 ? stack : PyMem_Malloc((size_t)m * sizeof(double));
    if (in == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < m; k++) {
        PyObject *a = PyList_GET_ITEM(anchors, k);
        if (!PyFloat_CheckExact(a)) {
            if (in != stack)
                PyMem_Free(in);
            Py_RETURN_NONE;
        }
        double v = PyFloat_AS_DOUBLE(a);
        if (x0 + 4 < v && v < x1 - 4)
            in[inside++] = v;
    }
    PyObject *cuts = PyList_New(0);
    if (cuts == NULL || inside == 0)
        goto done;
    PyObject *before = NULL; /* the last box so far */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *box = PyList_GET_ITEM(boxes, i);
        if (box == Py_None)
            continue;
        if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) < 4 ||
            !PyFloat_CheckExact(PyTuple_GET_ITEM(box, 0)) ||
            !PyFloat_CheckExact(PyTuple_GET_ITEM(box, 2))) {
            Py_SETREF(cuts, Py_NewRef(Py_None));
            goto done;
        }
        if (before != NULL && PyList_GET_ITEM(boxes, i - 1) == Py_None) {
            double start = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(box, 0));
            if (start - PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(before, 2)) >= size) {
                for (Py_ssize_t k = 0; k < inside; k++) {
                    if (fabs(start - in[k]) <= 1.5) {
                        PyObject *index = PyLong_FromSsize_t(i);
                        if (index == NULL || PyList_Append(cuts, index) < 0) {
                            Py_XDECREF(index);
                            Py_CLEAR(cuts);
                            goto done;
                        }
                        Py_DECREF(index);
                        break;
                    }
                }
            }
        }
        before = box;
    }
done:
    if (in != stack)
        PyMem_Free(in);
    return cuts;
}

PyDoc_STRVAR(count_letters_doc,
"count_letters(text)\n--\n\n"
"ocr.count_letters_reference: (characters that are not whitespace, letters among them), as\n"
"str.isspace and str.isalpha tell.");

static PyObject *
count_letters(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "count_letters takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), shown = 0, letters = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c))
            continue;
        shown++;
        if (Py_UNICODE_ISALPHA(c))
            letters++;
    }
    return Py_BuildValue("(nn)", shown, letters);
}

static PyMethodDef methods[] = {
    {"page_chars", page_chars, METH_VARARGS, page_chars_doc},
    {"rows", rows, METH_O, rows_doc},
    {"visible", visible, METH_O, visible_doc},
    {"splits", splits, METH_VARARGS, splits_doc},
    {"line_text", line_text, METH_VARARGS, line_text_doc},
    {"bounds", bounds, METH_VARARGS, bounds_doc},
    {"same_x_pairs", same_x_pairs, METH_O, same_x_pairs_doc},
    {"uniform_size", uniform_size, METH_O, uniform_size_doc},
    {"count_letters", count_letters, METH_O, count_letters_doc},
    {"row_line", row_line, METH_VARARGS, row_line_doc},
    {"column_cuts", column_cuts, METH_VARARGS, column_cuts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "policyparse.layout._speedups",
    "Compiled kernels of the layout stage (see each function's pure-Python reference).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    SPACE = PyUnicode_InternFromString(" ");
    ROUND_NAME = PyUnicode_InternFromString("__round__");
    ONE = PyLong_FromLong(1);
    if (SPACE == NULL || ROUND_NAME == NULL || ONE == NULL)
        return NULL;
    return PyModule_Create(&module);
}
