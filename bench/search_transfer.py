#!/usr/bin/env python3
"""What one search query downloads, on a built site.

    python3 bench/search_transfer.py public/ [query ...]

Reads the split index under <site>/search/ and answers each query as
themes/default/static/search.js does (exact word, else words it starts,
else the longest word or stem it starts with), then adds up the files the
browser would fetch for it: meta.json, the word and term files of its words,
and the document files of the first 10 results. Prints bytes as stored and
gzipped (as GitHub Pages serves JSON). Without queries it picks them from
the index: the rarest and the commonest word, one in between, two words
together, and a form the text does not use.
"""

import gzip
import json
import math
import os
import sys
import unicodedata

SPELLED = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def fold(w):
    w = unicodedata.normalize("NFD", w.lower())
    w = "".join(c for c in w if not unicodedata.category(c).startswith("M"))
    return "".join(SPELLED.get(c, c) for c in w)


def words_of(text):
    out, cur = [], []
    for c in text:
        if c.isalnum() or unicodedata.category(c).startswith("M"):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def key16(s):
    return s.encode("utf-16-be")


class Index:
    def __init__(self, site):
        self.dir = os.path.join(site, "search")
        self.cache = {}
        self.meta = self.load("meta.json")

    def load(self, rel):
        if rel not in self.cache:
            with open(os.path.join(self.dir, rel), "rb") as f:
                raw = f.read()
            self.cache[rel] = (json.loads(raw), len(raw), len(gzip.compress(raw, 6)))
        return self.cache[rel][0]

    def file_of(self, starts, key, conv=lambda x: x):
        i = 0
        while i + 1 < len(starts) and conv(starts[i + 1]) <= key:
            i += 1
        return i

    def look_up(self, word, fetched):
        n = self.file_of(self.meta["words"], key16(word), key16)
        rel = f"w/{n}.json"
        fetched.add(rel)
        words, ids = self.load(rel)
        keys = [key16(w) for w in words]
        lo, hi = 0, len(words)
        k = key16(word)
        while lo < hi:
            mid = (lo + hi) // 2
            if keys[mid] < k:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(words) and words[lo] == word:
            return ids[lo], True
        found = []
        i = lo
        if len(word) >= 3:
            while i < len(words) and len(found) < 40 and words[i].startswith(word):
                found += ids[i]
                i += 1
            # ...going on in the next file
            if i == len(words) and n + 1 < len(self.meta["words"]) and self.meta["words"][n + 1].startswith(word):
                fetched.add(f"w/{n + 1}.json")
                more, more_ids = self.load(f"w/{n + 1}.json")
                k = 0
                while k < len(more) and len(found) < 40 and more[k].startswith(word):
                    found += more_ids[k]
                    k += 1
        if found:
            return found, False
        within = lambda w: len(w) >= 4 and word.startswith(w) and len(word) - len(w) <= 3
        j = lo - 1
        while j >= 0 and words[j][:3] == word[:3]:
            if within(words[j]):
                return ids[j], False
            j -= 1
        if j < 0 and n > 0:
            fetched.add(f"w/{n - 1}.json")
            before, before_ids = self.load(f"w/{n - 1}.json")
            for m in range(len(before) - 1, -1, -1):
                if before[m][:3] != word[:3]:
                    break
                if within(before[m]):
                    return before_ids[m], False
        return [], False

    def term(self, tid, fetched):
        n = self.file_of(self.meta["terms"], tid)
        rel = f"t/{n}.json"
        fetched.add(rel)
        return self.load(rel)[tid - self.meta["terms"][n]]

    def query(self, q):
        fetched = {"meta.json"}
        stop = set(self.meta["stop"])
        words = []
        for w in words_of(q):
            w = fold(w)
            if len(w) >= 2 and w not in stop and w not in words:
                words.append(w)
        scores = None
        for w in words:
            ids, exact = self.look_up(w, fetched)
            mine = {}
            for tid in ids:
                t = self.term(tid, fetched)
                df = (len(t) - 1) // 2
                idf = math.log(1 + (self.meta["n"] - df + 0.5) / (df + 0.5))
                doc = 0
                for i in range(1, len(t), 2):
                    doc += t[i]
                    s = idf * t[i + 1] * (1 if exact else 0.7)
                    mine[doc] = max(mine.get(doc, 0), s)
            scores = mine if scores is None else {d: s + mine[d] for d, s in scores.items() if d in mine}
        hits = sorted((scores or {}).items(), key=lambda x: (-x[1], x[0]))
        for doc, _ in hits[:10]:
            rel = f"d/{self.file_of(self.meta['docs'], doc)}.json"
            self.load(rel)
            fetched.add(rel)
        raw = sum(self.cache[f][1] for f in fetched)
        gz = sum(self.cache[f][2] for f in fetched)
        return len(hits), len(fetched), raw, gz

    def pick_queries(self):
        terms = []
        for n in range(len(self.meta["terms"])):
            for t in self.load(f"t/{n}.json"):
                terms.append(((len(t) - 1) // 2, t[0]))
        terms = [t for t in terms if all(f.isalpha() and len(f) >= 5 for f in t[1])]
        terms.sort(key=lambda t: (t[0], t[1]))
        rare, mid, common = terms[0], terms[len(terms) // 2], terms[-1]
        second = terms[-2]
        plural = next((f for _, forms in reversed(terms) for f in forms if f.endswith("s") and f[:-1] not in forms), None)
        out = [rare[1][0], mid[1][0], common[1][0], f"{common[1][0]} {second[1][0]}"]
        if plural:
            out.append(plural[:-1])
        return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    index = Index(sys.argv[1])
    queries = sys.argv[2:] or index.pick_queries()
    total = 0
    for root, _, files in os.walk(index.dir):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files if f.endswith(".json"))
    print(f"index: {index.meta['n']} documents, {total / 1024:.0f} KB in all")
    print(f"{'query':<34} {'results':>8} {'files':>6} {'KB':>8} {'KB gzip':>8}")
    for q in queries:
        hits, files, raw, gz = index.query(q)
        print(f"{q[:34]:<34} {hits:>8} {files:>6} {raw / 1024:>8.1f} {gz / 1024:>8.1f}")


if __name__ == "__main__":
    main()
