//! The linking graph: one node per (kind, key, scope), merged by sieves in precision order.
//! Every sieve decides on a snapshot of the groups and then applies its merges, so the result does
//! not depend on the order of the input.

use super::data::data;
use super::key::{self, PersonName};
use super::{DocIndex, DocMentions};
use crate::extract::{EntityKind, RawMention};
use crate::text::fold;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a key is an identity. Short person forms ("Lukashenko", "A.Lukashenko") mean different
/// people in different articles, so they are keyed per document until a sieve resolves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Scope {
    Corpus,
    Doc(DocIndex),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct NodeKey {
    kind: EntityKind,
    key: String,
    scope: Scope,
}

/// An acronym and the long form it stands for, as an article states it.
struct AcronymPair {
    kind: EntityKind,
    letters: String,
    long: usize,
}

/// Kinds whose names are abbreviated to initialisms.
const ABBREVIATED_KINDS: [EntityKind; 4] = [
    EntityKind::Organization,
    EntityKind::Location,
    EntityKind::Document,
    EntityKind::Event,
];

/// Fewer words than this ("Chính phủ", "Quốc hội") name a kind of body, not one body: such a
/// short reference is never linked beyond its own article.
const MIN_SHORT_REFERENCE_WORDS: usize = 3;

pub(super) struct Graph {
    nodes: Vec<NodeKey>,
    index: HashMap<NodeKey, usize>,
    parent: Vec<usize>,
    /// Nodes whose canonical form is an acronym ("EAEU").
    acronym: Vec<bool>,
    /// Initialisms computed from the node's canonical forms ("Liên Hợp Quốc" → "lhq").
    initialisms: Vec<BTreeSet<String>>,
    pairs: Vec<AcronymPair>,
    /// Short references an article resolved: (kind, key of the surface) → nodes of the long
    /// forms it stood for ("Bộ Ngoại giao" → "Bộ Ngoại giao Việt Nam").
    short_refs: BTreeMap<(EntityKind, String), BTreeSet<usize>>,
    /// Full foreign person names mentioned in each document.
    doc_full_persons: HashMap<DocIndex, BTreeSet<usize>>,
    /// For each document (in input order) and mention, its node.
    pub mention_nodes: Vec<Vec<usize>>,
}

/// The canonical form a mention is linked on, without a trailing "(ACRONYM)", falling back to
/// the surface text when the extractor left it empty.
pub(super) fn canonical_of(m: &RawMention) -> &str {
    let c = m.canonical.trim();
    let c = if c.is_empty() { m.text.trim() } else { c };
    key::split_trailing_acronym(c).map_or(c, |(long, _)| long)
}

/// What the linker derives from one canonical form of one kind.
struct Form {
    key: String,
    /// "Lukashenko", "A.Lukashenko": keyed per document.
    short_person: bool,
    /// A full foreign person name: short forms may join it.
    foreign_full_person: bool,
    acronym: bool,
    initialism: Option<String>,
}

impl Form {
    fn new(kind: EntityKind, canonical: &str) -> Self {
        let key = key::node_key(kind, canonical);
        let person = (kind == EntityKind::Person).then(|| PersonName::parse(&key));
        let abbreviated = ABBREVIATED_KINDS.contains(&kind);
        let acronym = abbreviated && key::is_acronym(canonical);
        Form {
            short_person: person.as_ref().is_some_and(PersonName::is_short),
            foreign_full_person: person
                .as_ref()
                .is_some_and(|p| !p.is_short() && !p.is_vietnamese()),
            acronym,
            initialism: (abbreviated && !acronym)
                .then(|| key::initialism(canonical))
                .flatten(),
            key,
        }
    }
}

impl Graph {
    pub fn build(docs: &[DocMentions<'_>]) -> Self {
        let mut g = Graph {
            nodes: Vec::new(),
            index: HashMap::new(),
            parent: Vec::new(),
            acronym: Vec::new(),
            initialisms: Vec::new(),
            pairs: Vec::new(),
            short_refs: BTreeMap::new(),
            doc_full_persons: HashMap::new(),
            mention_nodes: Vec::with_capacity(docs.len()),
        };
        // Keys are computed once per distinct form: a corpus repeats its names many times.
        let mut forms: HashMap<(EntityKind, &str), Form> = HashMap::new();
        for d in docs {
            let nodes = d
                .mentions
                .iter()
                .map(|m| {
                    let canonical = canonical_of(m);
                    let form = forms
                        .entry((m.kind, canonical))
                        .or_insert_with(|| Form::new(m.kind, canonical));
                    g.add_mention(d.doc, m, form)
                })
                .collect();
            g.mention_nodes.push(nodes);
        }
        g.known_aliases();
        g.unmarked_spellings();
        g.acronyms();
        g.short_references();
        g.persons();
        g
    }

    fn node(&mut self, id: NodeKey) -> usize {
        if let Some(&n) = self.index.get(&id) {
            return n;
        }
        let n = self.nodes.len();
        self.nodes.push(id.clone());
        self.index.insert(id, n);
        self.parent.push(n);
        self.acronym.push(false);
        self.initialisms.push(BTreeSet::new());
        n
    }

    fn add_mention(&mut self, doc: DocIndex, m: &RawMention, form: &Form) -> usize {
        let scope = if form.short_person {
            Scope::Doc(doc)
        } else {
            Scope::Corpus
        };
        let n = self.node(NodeKey {
            kind: m.kind,
            key: form.key.clone(),
            scope,
        });
        if form.foreign_full_person {
            self.doc_full_persons.entry(doc).or_default().insert(n);
        }
        if !ABBREVIATED_KINDS.contains(&m.kind) {
            return n;
        }
        if form.acronym {
            self.acronym[n] = true;
            return n;
        }
        if let Some(i) = &form.initialism {
            self.initialisms[n].insert(i.clone());
        }
        if m.text.trim() != canonical_of(m) && !key::is_acronym(&m.text) {
            let short = key::node_key(m.kind, &m.text);
            let specific = short.split(' ').count() >= MIN_SHORT_REFERENCE_WORDS;
            if specific && short != form.key && is_word_subsequence(&short, &form.key) {
                self.short_refs
                    .entry((m.kind, short))
                    .or_default()
                    .insert(n);
            }
        }
        // An acronym defined in the article: the surface ("LHQ") or a trailing "(LHQ)" in the
        // canonical form stands for the long form.
        let stated = key::split_trailing_acronym(m.canonical.trim()).map(|(_, a)| a);
        let surface = key::is_acronym(&m.text).then_some(m.text.as_str());
        for acronym in stated.into_iter().chain(surface) {
            self.pairs.push(AcronymPair {
                kind: m.kind,
                letters: key::acronym_letters(acronym),
                long: n,
            });
        }
        n
    }

    pub fn find(&mut self, mut n: usize) -> usize {
        while self.parent[n] != n {
            self.parent[n] = self.parent[self.parent[n]];
            n = self.parent[n];
        }
        n
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index is the root: any choice gives the same groups.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }

    fn union_all(&mut self, ops: Vec<(usize, usize)>) {
        for (a, b) in ops {
            self.union(a, b);
        }
    }

    fn roots(&mut self, nodes: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
        nodes.into_iter().map(|n| self.find(n)).collect()
    }

    fn corpus_node(&self, kind: EntityKind, key: String) -> Option<usize> {
        self.index
            .get(&NodeKey {
                kind,
                key,
                scope: Scope::Corpus,
            })
            .copied()
    }

    /// Forms listed together in `assets/link/known_aliases.txt` are one entity.
    fn known_aliases(&mut self) {
        let mut ops = Vec::new();
        for group in &data().known {
            let present: Vec<usize> = group
                .forms
                .iter()
                .filter_map(|f| self.corpus_node(group.kind, key::node_key(group.kind, f)))
                .collect();
            ops.extend(present.windows(2).map(|w| (w[0], w[1])));
        }
        self.union_all(ops);
    }

    /// An unmarked spelling of two words or more ("Pham Minh Chinh", "Binh Duong") joins the
    /// one marked name it folds to ("Phạm Minh Chính"): English-language editions drop the
    /// marks. Two marked names that fold alike ("Lâm"/"Lam") still never merge.
    fn unmarked_spellings(&mut self) {
        const KINDS: [EntityKind; 4] = [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Location,
            EntityKind::Event,
        ];
        let mut marked: BTreeMap<(EntityKind, String), BTreeSet<usize>> = BTreeMap::new();
        let mut unmarked = Vec::new();
        for (n, node) in self.nodes.iter().enumerate() {
            if node.scope != Scope::Corpus || !KINDS.contains(&node.kind) || !node.key.contains(' ')
            {
                continue;
            }
            if node.key.is_ascii() {
                unmarked.push(n);
            } else {
                marked
                    .entry((node.kind, fold(&node.key)))
                    .or_default()
                    .insert(n);
            }
        }
        let mut ops = Vec::new();
        for n in unmarked {
            let Some(targets) = marked.get(&(self.nodes[n].kind, self.nodes[n].key.clone())) else {
                continue;
            };
            if let [root] = self
                .roots(targets.iter().copied())
                .into_iter()
                .collect::<Vec<_>>()[..]
            {
                ops.push((n, root));
            }
        }
        self.union_all(ops);
    }

    /// An acronym joins its long form when the corpus gives it exactly one: defined in an article
    /// ("Liên minh Kinh tế Á-Âu (EAEU)"), or else the unique name whose initialism it is.
    /// Several defined long forms are merged only when they differ by diacritics alone — the
    /// folded key proposes, the shared acronym confirms.
    fn acronyms(&mut self) {
        let mut defined: BTreeMap<(EntityKind, String), BTreeSet<usize>> = BTreeMap::new();
        for p in &self.pairs {
            defined
                .entry((p.kind, p.letters.clone()))
                .or_default()
                .insert(p.long);
        }
        let mut computed: BTreeMap<(EntityKind, String), BTreeSet<usize>> = BTreeMap::new();
        let mut bare: BTreeMap<(EntityKind, String), BTreeSet<usize>> = BTreeMap::new();
        for n in 0..self.nodes.len() {
            let kind = self.nodes[n].kind;
            if self.acronym[n] {
                let letters = key::acronym_letters(&self.nodes[n].key);
                bare.entry((kind, letters)).or_default().insert(n);
            }
            for i in &self.initialisms[n] {
                computed.entry((kind, i.clone())).or_default().insert(n);
            }
        }
        let mut ops = Vec::new();
        let keys: BTreeSet<&(EntityKind, String)> = defined.keys().chain(bare.keys()).collect();
        for k in keys {
            let members: Vec<usize> = bare.get(k).into_iter().flatten().copied().collect();
            ops.extend(members.windows(2).map(|w| (w[0], w[1])));
            let (expansions, stated) = match defined.get(k) {
                Some(d) => (d, true),
                None => match computed.get(k) {
                    Some(c) => (c, false),
                    None => continue,
                },
            };
            let roots = self.roots(expansions.iter().copied());
            let folded: BTreeSet<String> = expansions
                .iter()
                .map(|&n| fold(&self.nodes[n].key))
                .collect();
            let agree = roots.len() == 1 || (stated && folded.len() == 1);
            if !agree {
                continue;
            }
            let mut all = expansions.iter().copied().chain(members);
            if let Some(first) = all.next() {
                ops.extend(all.map(|n| (first, n)));
            }
        }
        self.union_all(ops);
    }

    /// A name used on its own in one article ("Bộ Ngoại giao") joins the longer name another
    /// article used it for ("Bộ Ngoại giao Việt Nam"), when every article that resolves it
    /// resolves it to the same entity — as a bare surname joins a unique full name.
    fn short_references(&mut self) {
        let mut ops = Vec::new();
        // Taken out so lookups and root finding can borrow the graph; not needed afterwards.
        let refs = std::mem::take(&mut self.short_refs);
        for ((kind, short), longs) in &refs {
            let Some(bare) = self.corpus_node(*kind, short.clone()) else {
                continue;
            };
            if let [root] = self
                .roots(longs.iter().copied())
                .into_iter()
                .collect::<Vec<_>>()[..]
            {
                ops.push((bare, root));
            }
        }
        self.union_all(ops);
    }

    /// Foreign names: a contracted full name ("Vladimir Putin") joins the unique longer one with
    /// the same first and last words; a short form ("Lukashenko", "A.Lukashenko") joins the unique
    /// full name with that surname (and initial) in its own article, else in the corpus. Short
    /// forms left over join each other on the exact key. Vietnamese names only link on the full
    /// name, which the exact key already did.
    fn persons(&mut self) {
        let mut full: BTreeMap<String, Vec<(usize, PersonName)>> = BTreeMap::new();
        let mut short: Vec<(usize, DocIndex, PersonName)> = Vec::new();
        for (n, node) in self.nodes.iter().enumerate() {
            if node.kind != EntityKind::Person {
                continue;
            }
            let name = PersonName::parse(&node.key);
            match node.scope {
                Scope::Doc(doc) => short.push((n, doc, name)),
                Scope::Corpus if !name.is_vietnamese() => {
                    full.entry(name.surname().to_string())
                        .or_default()
                        .push((n, name));
                }
                Scope::Corpus => {}
            }
        }

        let mut ops = Vec::new();
        for group in full.values() {
            for (n, name) in group {
                let longer = group
                    .iter()
                    .filter(|(_, other)| name.is_contracted_form_of(other))
                    .map(|(m, _)| *m);
                let roots = self.roots(longer);
                if let [root] = roots.into_iter().collect::<Vec<_>>()[..] {
                    ops.push((*n, root));
                }
            }
        }
        self.union_all(ops);

        let mut ops = Vec::new();
        let mut unresolved = Vec::new();
        for (n, doc, name) in &short {
            let fits: Vec<usize> = full
                .get(name.surname())
                .into_iter()
                .flatten()
                .filter(|(_, f)| name.initial_fits(f))
                .map(|(m, _)| *m)
                .collect();
            let in_doc = self.doc_full_persons.get(doc);
            let local: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|m| in_doc.is_some_and(|s| s.contains(m)))
                .collect();
            let local_roots = self.roots(local);
            let corpus_roots = self.roots(fits);
            // A Vietnamese-looking short form ("Lâm") is a given name or a family name: it may
            // join a foreign full name written in its own article, never one from elsewhere.
            let target = if !local_roots.is_empty() || name.is_vietnamese() {
                local_roots
            } else {
                corpus_roots
            };
            match target.into_iter().collect::<Vec<_>>()[..] {
                [root] => ops.push((*n, root)),
                [] => unresolved.push((*n, name)),
                // Two people share the surname: leave the short form on its own.
                _ => {}
            }
        }
        self.union_all(ops);

        // Unresolved short forms: same key → same entity; a bare surname then joins the unique
        // initial form with that surname ("Lukashenko" → "A.Lukashenko").
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut initial_forms: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, name) in &unresolved {
            by_key
                .entry(self.nodes[*n].key.as_str())
                .or_default()
                .push(*n);
            if !name.initials.is_empty() {
                initial_forms.entry(name.surname()).or_default().push(*n);
            }
        }
        let mut ops: Vec<(usize, usize)> = by_key
            .values()
            .flat_map(|v| v.windows(2).map(|w| (w[0], w[1])))
            .collect();
        let bare_to_initial: Vec<(usize, usize)> = unresolved
            .iter()
            .filter(|(_, name)| name.initials.is_empty())
            .filter_map(|(n, name)| {
                let forms = initial_forms.get(name.surname())?;
                let keys: BTreeSet<&str> =
                    forms.iter().map(|m| self.nodes[*m].key.as_str()).collect();
                (keys.len() == 1).then(|| (*n, forms[0]))
            })
            .collect();
        ops.extend(bare_to_initial);
        self.union_all(ops);
    }
}

/// Are the space-separated words of `short` found in `long`, in order?
fn is_word_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.split(' ');
    short.split(' ').all(|w| rest.any(|l| l == w))
}
