"""BM25 and TF-IDF indexes over analysed passages, stored as term-major sparse postings.

Both follow scikit-learn's estimator manners: the constructor stores settings, ``fit`` learns
(attributes ending in ``_``) and returns self, and using an unfitted index raises NotFittedError.
Both share one vocabulary and one postings layout (CSC: for each term, the passages containing
it), so a query reads only the postings of its own terms.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from askbio.errors import NotFittedError
from askbio.settings import RetrievalParams

if TYPE_CHECKING:
    from askbio.text import Analyzer


class Postings:
    """Term-major sparse matrix: passages containing each term, and the term frequency there."""

    # gather() sorts postings when they are fewer than 1/SPARSE_SHARE of the passages.
    SPARSE_SHARE = 16
    # gather() picks postings by position below this many, by slices of each term above it.
    GATHER_BY_POSITION = 4096

    def __init__(
        self,
        vocabulary: dict[str, int],
        indptr: NDArray[np.int64],
        indices: NDArray[np.int32],
        tf: NDArray[Any],  # float32 when counted, the smallest integer type when saved
        passage_len: NDArray[np.float32],
        head_tf: NDArray[Any] | None = None,
        head_len: NDArray[np.float32] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.indices = indices
        self.tf = tf
        self.passage_len = passage_len
        # The heading field (a passage's section heading, a document's title): how often each
        # posting's term occurs in its passage's heading, and each heading's length in terms.
        # `tf` and `passage_len` count heading and body together. None when no passage has one.
        self.head_tf = head_tf
        self.head_len = head_len

    def term_frequencies(self) -> NDArray[np.float32]:
        return self.tf.astype(np.float32, copy=False)

    def to_arrays(self) -> dict[str, NDArray[Any]]:
        """The arrays to save, counts in the smallest integer type that holds them."""
        arrays: dict[str, NDArray[Any]] = {
            "indptr": self.indptr,
            "indices": self.indices,
            "tf": _compact_counts(self.tf),
            "passage_len": self.passage_len,
        }
        if self.head_tf is not None and self.head_len is not None:
            arrays |= {"head_tf": _compact_counts(self.head_tf), "head_len": self.head_len}
        return arrays

    @classmethod
    def from_arrays(cls, vocabulary: dict[str, int], arrays: Mapping[str, NDArray[Any]]) -> Postings:
        """Postings from `to_arrays`'s arrays; ValueError when they do not fit together."""
        postings = cls(
            vocabulary,
            arrays["indptr"],
            arrays["indices"],
            arrays["tf"],
            arrays["passage_len"],
            arrays.get("head_tf"),
            arrays.get("head_len"),
        )
        n_postings = postings.indices.shape
        if (
            postings.n_terms != len(vocabulary)
            or postings.tf.shape != n_postings
            or (postings.head_tf is not None and postings.head_tf.shape != n_postings)
            or (postings.head_len is not None and postings.head_len.shape != postings.passage_len.shape)
        ):
            raise ValueError("postings arrays of different sizes")
        return postings

    @property
    def n_passages(self) -> int:
        return int(self.passage_len.shape[0])

    @property
    def n_terms(self) -> int:
        return int(self.indptr.shape[0] - 1)

    @classmethod
    def from_tokens(cls, corpus_tokens: Sequence[Sequence[str]]) -> Postings:
        """Count terms per passage; the vocabulary is sorted, as scikit-learn's is."""
        seen: dict[str, int] = {}
        flat = array("i")  # 4 bytes a token, where a list of ints takes 8 and more
        for passage in corpus_tokens:
            flat.extend([seen.setdefault(t, len(seen)) for t in passage])
        return cls.from_ids(list(seen), flat, [len(passage) for passage in corpus_tokens])

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], analyzer: Analyzer, progress: Callable[[int], None] | None = None
    ) -> Postings:
        """``from_tokens(analyzer.analyze_many(texts))`` without the token lists in between;
        `progress` is told how many texts have been analysed, now and then."""
        return cls.from_ids(*analyzer.term_ids_many(texts, progress))

    @classmethod
    def from_ids(
        cls, terms: Sequence[str], ids: array[int] | NDArray[np.int32], lengths: Sequence[int]
    ) -> Postings:
        """Postings of passages given as term ids: `ids` holds every passage's terms in order,
        passage after passage, `lengths` how many each has, `terms` the term of each id."""
        from scipy.sparse import csr_array

        n_passages = len(lengths)
        vocab_terms = sorted(terms)
        vocabulary = {t: i for i, t in enumerate(vocab_terms)}
        # The id of each term in the sorted vocabulary, by its id in `ids`.
        remap = np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int32, count=len(terms))
        passage_len = np.asarray(lengths, dtype=np.int64)
        rows = remap[np.asarray(ids, dtype=np.int32)] if len(ids) else np.zeros(0, dtype=np.int32)
        del remap
        cols = np.repeat(np.arange(n_passages, dtype=np.int32), passage_len)
        # scipy builds the term-major matrix with a counting sort, which keeps each term's
        # passages in order (they come passage after passage), and sums the repeats of a term in
        # a passage: the term frequencies, in linear time.
        matrix = csr_array(
            (np.ones(rows.size, dtype=np.float32), (rows, cols)), shape=(len(vocab_terms), n_passages)
        )
        del rows, cols
        matrix.sum_duplicates()  # a no-op when already canonical, as it should be
        return cls(
            vocabulary,
            matrix.indptr.astype(np.int64),
            matrix.indices.astype(np.int32, copy=False),
            matrix.data.astype(np.float32, copy=False),
            passage_len.astype(np.float32),
        )

    def with_headings(self, headings: Sequence[str], analyzer: Analyzer) -> Postings:
        """These postings, told which of their terms come from each passage's heading.

        Each passage's indexed text must hold its heading (`headings[i]`, "" for none) and then
        its body, so every heading term is also one of the passage's terms."""
        if len(headings) != self.n_passages:
            raise ValueError(f"{len(headings)} headings for {self.n_passages} passages")
        head = Postings.from_texts(headings, analyzer)
        if head.indices.size == 0:
            return self
        n = self.n_passages
        # Heading postings and these postings, each keyed by (term id here, passage): the keys
        # of these are sorted (term-major, passages in order), so a search places the others.
        remap = np.array(
            [self.vocabulary.get(t, -1) for t in sorted(head.vocabulary, key=head.vocabulary.__getitem__)],
            dtype=np.int64,
        )
        head_terms = remap[np.repeat(np.arange(head.n_terms), np.diff(head.indptr))]
        known = head_terms >= 0
        head_keys = head_terms[known] * n + head.indices[known]
        keys = np.repeat(np.arange(self.n_terms, dtype=np.int64), np.diff(self.indptr)) * n + self.indices
        at = np.minimum(np.searchsorted(keys, head_keys), max(keys.size - 1, 0))
        found = keys[at] == head_keys
        del keys
        head_tf = np.zeros(self.indices.size, dtype=np.float32)
        head_tf[at[found]] = head.term_frequencies()[known][found]
        np.minimum(head_tf, self.term_frequencies(), out=head_tf)
        return Postings(
            self.vocabulary, self.indptr, self.indices, self.tf, self.passage_len, head_tf, head.passage_len
        )

    def gather(
        self, weighted: Sequence[tuple[Weights, dict[int, float]]]
    ) -> tuple[NDArray[np.int64], list[NDArray[np.float64]]]:
        """Scores of the passages containing any query term, for several weightings at once.

        `weighted` pairs a per-posting weight array with per-term query weights (the same term
        ids in each). Returns the candidate passages (sorted ids) and one score array per pair,
        aligned with them. Only the postings of the query's terms are read. Few postings are
        summed by sorting them; many, with one dense pass that beats the sort."""
        order = list(weighted[0][1]) if weighted else []
        term_ids = np.array(order, dtype=np.int64)
        starts = self.indptr[term_ids]
        lengths = self.indptr[term_ids + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64), [np.zeros(0, dtype=np.float32) for _ in weighted]
        # Each term's query weight repeated over its postings: one multiply for all terms.
        repeated = [
            np.repeat(np.array([q[t] for t in order], dtype=np.float32), lengths) for _, q in weighted
        ]
        if total < self.GATHER_BY_POSITION:
            # Few postings: pick them by position in one step, whatever the number of terms.
            positions = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
            ids = self.indices[positions]
            columns = [w[positions] * r for (w, _), r in zip(weighted, repeated, strict=True)]
        else:
            # Many: contiguous slices copy faster than a gather by position.
            spans = list(zip(starts.tolist(), (starts + lengths).tolist(), strict=True))
            ids = np.concatenate([self.indices[lo:hi] for lo, hi in spans])
            columns = [
                np.concatenate([w[lo:hi] for lo, hi in spans]) * r
                for (w, _), r in zip(weighted, repeated, strict=True)
            ]
        candidates: NDArray[np.integer[Any]]
        if total * self.SPARSE_SHARE < self.n_passages:
            candidates, slot = np.unique(ids, return_inverse=True)
            sums = [_float64(np.bincount(slot, col, minlength=candidates.size)) for col in columns]
        else:
            dense = [np.bincount(ids, col, minlength=self.n_passages) for col in columns]
            hit = np.zeros(self.n_passages, dtype=bool)
            hit[ids] = True
            candidates = np.flatnonzero(hit)
            sums = [_float64(d[candidates]) for d in dense]
        return candidates.astype(np.int64, copy=False), sums

    def df(self) -> NDArray[np.int64]:
        return np.diff(self.indptr)

    def term_ids(self, terms: Sequence[str]) -> Counter[int]:
        """Known terms of a query, with how often each occurs in it."""
        return Counter(self.vocabulary[t] for t in terms if t in self.vocabulary)

    def dense(self, weights: Weights, qweights: dict[int, float]) -> NDArray[np.float64]:
        """`gather`'s scores for one weighting, as one score a passage (0 where no term is)."""
        candidates, (sums,) = self.gather([(weights, qweights)])
        scores = np.zeros(self.n_passages, dtype=np.float64)
        scores[candidates] = sums
        return scores


def _float64(array: NDArray[Any]) -> NDArray[np.float64]:
    # bincount with weights already returns float64; this only tells the type checker.
    return array.astype(np.float64, copy=False)


class StoredWeights:
    """One weight per posting, worked out when read from the saved term frequencies, as Lucene
    scores from stored frequencies and norms: serving maps 5-6 bytes a posting instead of a
    4-byte weight per posting for each model. Read by slice or by posting positions, it gives
    the very float32 values the fitted array held: `formula` is the one the index was fitted with."""

    def __init__(
        self, postings: Postings, formula: Callable[..., NDArray[np.float32]], *, fields: bool = False
    ) -> None:
        self.indptr = postings.indptr
        self.indices = postings.indices
        self.tf = postings.tf
        # (term frequencies, their term ids, their passages[, their heading frequencies]) -> weights
        self.formula = formula
        self.head_tf = postings.head_tf if fields else None
        self.size = int(self.tf.shape[0])

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, key: slice | NDArray[np.integer[Any]]) -> NDArray[np.float32]:
        terms: Any
        if isinstance(key, slice):
            lo, hi, _ = key.indices(self.size)
            if hi <= lo:
                return np.zeros(0, dtype=np.float32)
            first = int(np.searchsorted(self.indptr, lo, side="right")) - 1
            # A slice within one term's postings (what search reads) has one term id.
            if hi <= self.indptr[first + 1]:
                terms = first
            else:
                terms = np.searchsorted(self.indptr, np.arange(lo, hi), side="right") - 1
        else:
            terms = np.searchsorted(self.indptr, key, side="right") - 1
        tf = self.tf[key].astype(np.float32)
        if self.head_tf is None:
            return self.formula(tf, terms, self.indices[key])
        return self.formula(tf, terms, self.indices[key], self.head_tf[key].astype(np.float32))

    def tolist(self) -> list[float]:
        return self[0 : self.size].tolist()  # type: ignore[no-any-return]


# A weight per posting: fitted in an array, or worked out from a saved index's frequencies.
Weights = NDArray[np.float32] | StoredWeights


class BM25Index:
    """BM25 with rank-bm25's BM25Plus formula: idf = log((N + 1) / df), which stays positive
    on any corpus size (Okapi's idf turns negative for words in over half of a tiny corpus).

    rank-bm25 adds ``idf * delta`` for every query term to every passage, matched or not: a
    per-query constant that cannot change the ranking. ``scores`` reproduces it exactly so the
    parity test can compare numbers; ranking uses the matched part only.

    When the postings know each passage's heading (`Postings.with_headings`), the index is
    BM25F (Robertson, Zaragoza and Taylor 2004): heading and body are two fields, each with
    its own length normalisation, whose frequencies are added, the heading's weighted by
    `head_weight`, before BM25's saturation: tf' = w tf_head / (1 - b_h + b_h len_head / avg)
    + tf_body / (1 - b + b len_body / avg).
    """

    # Postings weighted at a time while fitting.
    CHUNK = 1 << 20

    def __init__(
        self,
        k1: float = RetrievalParams.k1,
        b: float = RetrievalParams.b,
        delta: float = RetrievalParams.delta,
        head_weight: float = RetrievalParams.head_weight,
        head_b: float = RetrievalParams.head_b,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.delta = delta
        self.head_weight = head_weight
        self.head_b = head_b

    def fit(self, postings: Postings) -> BM25Index:
        n = postings.n_passages
        df = postings.df().astype(np.float64)
        self.idf_ = np.log((n + 1) / np.maximum(df, 1)).astype(np.float32)
        self.avg_len_ = float(postings.passage_len.mean()) if n else 0.0
        self.fields_: dict[str, float] | None = None
        if postings.head_tf is not None and postings.head_len is not None:
            head_len = postings.head_len.astype(np.float64)
            self.fields_ = {
                "avg_head": float(head_len.mean()),
                "avg_body": float((postings.passage_len - head_len).mean()),
            }
        self.postings_ = postings
        tf = postings.term_frequencies()
        terms = np.repeat(np.arange(postings.n_terms, dtype=np.int32), np.diff(postings.indptr))
        weights = np.empty(tf.size, dtype=np.float32)
        for lo in range(0, tf.size, self.CHUNK):  # so temporaries stay small on any corpus
            part = slice(lo, lo + self.CHUNK)
            head = None if postings.head_tf is None else postings.head_tf[part]
            weights[part] = self.posting_weights(tf[part], terms[part], postings.indices[part], head)
        self.weights_: Weights = weights
        return self

    def to_arrays(self) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        """What a fitted index adds to its postings: arrays, and settings and statistics as JSON."""
        self._check()
        return {"idf": self.idf_}, self.params() | {"avg_len": self.avg_len_, "fields": self.fields_}

    @classmethod
    def from_arrays(
        cls, postings: Postings, arrays: Mapping[str, NDArray[Any]], meta: Mapping[str, Any]
    ) -> BM25Index:
        """The index `to_arrays` described, its weights worked out from the postings when read."""
        index = cls(**{k: meta[k] for k in ("k1", "b", "delta", "head_weight", "head_b")})
        if arrays["idf"].shape != (postings.n_terms,):
            raise ValueError("BM25 idf of another size than the vocabulary")
        index.idf_, index.avg_len_, index.fields_ = arrays["idf"], float(meta["avg_len"]), meta["fields"]
        index.postings_ = postings
        index.weights_ = StoredWeights(postings, index.posting_weights, fields=index.fields_ is not None)
        return index

    def posting_weights(
        self,
        tf: NDArray[np.float32],
        terms: Any,
        passages: NDArray[np.int32],
        head_tf: NDArray[np.float32] | None = None,
    ) -> NDArray[np.float32]:
        """BM25 weights of postings: their term frequencies, term ids and passages (and, for
        BM25F, how often each term is in its passage's heading)."""
        head_len = self.postings_.head_len
        if self.fields_ is not None and head_tf is not None and head_len is not None:
            return self._field_weights(tf, terms, passages, head_tf, head_len, self.fields_)
        dl = self.postings_.passage_len[passages]
        norm = self.k1 * (1 - self.b + self.b * dl / max(self.avg_len_, 1e-9))
        weights: NDArray[np.float32] = (self.idf_[terms] * (tf * (self.k1 + 1)) / (norm + tf)).astype(
            np.float32
        )
        return weights

    def _field_weights(
        self,
        tf: NDArray[np.float32],
        terms: Any,
        passages: NDArray[np.int32],
        head_tf: NDArray[np.float32],
        head_len: NDArray[Any],
        fields: dict[str, float],
    ) -> NDArray[np.float32]:
        hl = head_len[passages].astype(np.float64)
        bl = self.postings_.passage_len[passages].astype(np.float64) - hl
        head_norm = 1 - self.head_b + self.head_b * hl / max(fields["avg_head"], 1e-9)
        body_norm = 1 - self.b + self.b * bl / max(fields["avg_body"], 1e-9)
        head = head_tf.astype(np.float64)
        pseudo = self.head_weight * head / head_norm + (tf - head) / body_norm
        idf = self.idf_[terms].astype(np.float64)
        weights: NDArray[np.float32] = (idf * pseudo * (self.k1 + 1) / (self.k1 + pseudo)).astype(np.float32)
        return weights

    def _check(self) -> None:
        if not hasattr(self, "weights_"):
            raise NotFittedError("BM25Index is not fitted: call fit() or load an index first")

    def scores(self, query_terms: Sequence[str]) -> NDArray[np.float64]:
        """The same numbers as rank-bm25's ``BM25Plus.get_scores`` for the same tokens (on postings
        without headings: rank-bm25 has no fields), summed as search sums them."""
        self._check()
        p = self.postings_
        counts = p.term_ids(query_terms)
        matched = p.dense(self.weights_, {t: float(n) for t, n in counts.items()})
        constant = sum(float(self.idf_[tid]) * self.delta * n for tid, n in counts.items())
        return matched + constant

    def term_idf(self, term: str) -> float | None:
        self._check()
        tid = self.postings_.vocabulary.get(term)
        return None if tid is None else float(self.idf_[tid])

    def max_idf(self) -> float:
        return math.log(self.postings_.n_passages + 1)

    def params(self) -> dict[str, Any]:
        return {
            "k1": self.k1,
            "b": self.b,
            "delta": self.delta,
            "head_weight": self.head_weight,
            "head_b": self.head_b,
        }


class TfidfIndex:
    """TF-IDF cosine similarity as scikit-learn's TfidfVectorizer computes it
    (sublinear tf, smoothed idf, l2-normalised rows), learned from the postings' term counts with
    scikit-learn's formulas (the parity test compares the scores with scikit-learn's) and scored
    from the stored arrays at query time, so neither fitting nor answering imports scikit-learn."""

    # Postings weighted at a time while fitting, so temporaries stay small on any corpus.
    CHUNK = 1 << 20

    def __init__(self, sublinear_tf: bool = True) -> None:
        self.sublinear_tf = sublinear_tf

    def fit(self, postings: Postings) -> TfidfIndex:
        """Learn idf and passage weights from the term counts the postings already hold, as
        scikit-learn's TfidfTransformer does (in float64): idf = ln((n + 1) / (df + 1)) + 1,
        weight = (1 + ln tf) * idf, divided by the l2 norm of its passage's weights."""
        tf = postings.term_frequencies()
        df = postings.df()
        # Kept, and used for the weights, in float32: a saved index works the weights out again
        # from these numbers and must get the same ones.
        idf = (np.log((postings.n_passages + 1) / (df + 1.0)) + 1.0).astype(np.float32)
        indices = postings.indices
        idf_of_posting = np.repeat(idf, df)
        chunks = [slice(lo, lo + self.CHUNK) for lo in range(0, tf.size, self.CHUNK)]
        squares = np.zeros(postings.n_passages, dtype=np.float64)
        for part in chunks:
            w = self._unnormalised(tf[part], idf_of_posting[part])
            squares += np.bincount(indices[part], w * w, minlength=postings.n_passages)
        norms = np.sqrt(squares)
        norms[norms == 0.0] = 1.0
        self.norms_ = norms  # each passage's l2 norm, float64
        self.idf_ = idf
        self.postings_ = postings
        weights = np.empty(tf.size, dtype=np.float32)
        for part in chunks:
            weights[part] = self._normalised(tf[part], idf_of_posting[part], indices[part])
        self.weights_: Weights = weights
        return self

    def to_arrays(self) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        """What a fitted index adds to its postings: arrays, and its settings as JSON."""
        self._check()
        return {"idf": self.idf_, "norms": self.norms_}, self.params()

    @classmethod
    def from_arrays(
        cls, postings: Postings, arrays: Mapping[str, NDArray[Any]], meta: Mapping[str, Any]
    ) -> TfidfIndex:
        """The index `to_arrays` described, its weights worked out from the postings when read."""
        index = cls(**meta)
        if arrays["idf"].shape != (postings.n_terms,) or arrays["norms"].shape != postings.passage_len.shape:
            raise ValueError("TF-IDF arrays of another size than the postings")
        index.idf_, index.norms_, index.postings_ = arrays["idf"], arrays["norms"], postings
        index.weights_ = StoredWeights(postings, index.posting_weights)
        return index

    def posting_weights(
        self, tf: NDArray[np.float32], terms: Any, passages: NDArray[np.int32]
    ) -> NDArray[np.float32]:
        """TF-IDF weights of postings: their term frequencies, term ids and passages."""
        return self._normalised(tf, self.idf_[terms], passages)

    def _normalised(
        self, tf: NDArray[np.float32], idf: Any, passages: NDArray[np.int32]
    ) -> NDArray[np.float32]:
        w = self._unnormalised(tf, idf)
        w /= self.norms_[passages]
        return w.astype(np.float32)

    def _unnormalised(self, tf: NDArray[np.float32], idf: Any) -> NDArray[np.float64]:
        w = tf.astype(np.float64)
        if self.sublinear_tf:
            np.log(w, out=w)
            w += 1.0
        w *= idf
        return w

    def _check(self) -> None:
        if not hasattr(self, "weights_"):
            raise NotFittedError("TfidfIndex is not fitted: call fit() or load an index first")

    def make_vectorizer(self) -> Any:
        """The scikit-learn vectorizer this index reproduces (also used by the parity test)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer=_identity, sublinear_tf=self.sublinear_tf, norm="l2", smooth_idf=True)

    def scores(self, query_terms: Sequence[str]) -> NDArray[np.float64]:
        """Cosine similarity of the query's TF-IDF vector with each passage's, summed as search
        sums them."""
        self._check()
        p = self.postings_
        counts = p.term_ids(query_terms)
        tf_weights = {tid: 1.0 + math.log(n) if self.sublinear_tf else float(n) for tid, n in counts.items()}
        return p.dense(self.weights_, self.query_vector(tf_weights))

    def query_vector(
        self, tf_weights: dict[int, float], idf: Sequence[float] | None = None
    ) -> dict[int, float]:
        """The l2-normalised TF-IDF weights of a query, by term id."""
        qw, norm = self.query_weights(tf_weights, idf)
        return {t: w / norm for t, w in qw.items()}

    def query_weights(
        self, tf_weights: dict[int, float], idf: Sequence[float] | None = None
    ) -> tuple[dict[int, float], float]:
        """`query_vector` before normalising: each term's tf * idf, and the l2 norm to divide
        them by. `idf` may give `idf_` as a list, which Python reads faster than the array."""
        self._check()
        idf_of = self.idf_ if idf is None else idf
        qw = {tid: w * float(idf_of[tid]) for tid, w in tf_weights.items()}
        values = qw.values()
        return qw, math.sqrt(sum(map(operator.mul, values, values))) or 1.0

    def params(self) -> dict[str, Any]:
        return {"sublinear_tf": self.sublinear_tf}


class Indexes(NamedTuple):
    """The postings of a collection and the two indexes fitted over them."""

    postings: Postings
    bm25: BM25Index
    tfidf: TfidfIndex


def indexed_text(text: str, heading: str | None) -> str:
    """The text a passage is indexed under: its heading, then its body (the heading is part of
    what the passage is about)."""
    return f"{heading}\n{text}" if heading else text


def fit_indexes(
    texts: Iterable[str],
    analyzer: Analyzer,
    *,
    headings: Sequence[str] | None = None,
    params: RetrievalParams | None = None,
    progress: Callable[[int], None] | None = None,
) -> Indexes:
    """Analyse passages' indexed texts (`indexed_text`) and fit both indexes over them. With
    `headings`, BM25 weighs each passage's heading as a field of its own (BM25F) unless
    `params.fields` is false. `progress` is told how many texts have been analysed."""
    params = params or RetrievalParams()
    postings = Postings.from_texts(texts, analyzer, progress)
    if headings is not None and params.fields:
        postings = postings.with_headings(headings, analyzer)
    bm25 = BM25Index(
        k1=params.k1, b=params.b, delta=params.delta, head_weight=params.head_weight, head_b=params.head_b
    )
    return Indexes(postings, bm25.fit(postings), TfidfIndex().fit(postings))


def _compact_counts(tf: NDArray[Any]) -> NDArray[np.unsignedinteger[Any]]:
    """Term frequencies in the smallest unsigned integer type that holds them all."""
    top = float(tf.max()) if tf.size else 0.0
    dtype = np.uint8 if top <= 0xFF else np.uint16 if top <= 0xFFFF else np.uint32
    return tf.astype(dtype, copy=False)


def _identity(tokens: Any) -> Any:
    return tokens
