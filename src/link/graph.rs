//! The linking graph: one node per (kind, key, scope), merged by sieves in precision order.
//! Every sieve decides on a snapshot of the groups and then applies its merges, so the result does
//! not depend on the order of the input.
//!
//! Incremental: [`Linker`] keeps, per node, how many mentions (and of which forms) stand on it,
//! so adding or replacing a document costs work proportional to that document; the sieves run
//! over the live nodes (distinct names, not mentions) when a result is asked for
//! ([`Linker::partition`]). The state is a function of the multiset of mentions per document, so
//! the result is the same whatever the order documents arrived or were revised in.

use super::data::data;
use super::key::{self, PersonName};
use super::DocIndex;
use crate::extract::{ArticleMentions, CanonicalId, EntityKind, RawMention};
use crate::text::fold;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use ustr::Ustr;

/// Where a key is an identity. Short person forms ("Lukashenko", "A.Lukashenko") mean different
/// people in different articles, so they are keyed per document until a sieve resolves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Scope {
    Corpus,
    Doc(DocIndex),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct NodeKey {
    kind: EntityKind,
    key: Ustr,
    scope: Scope,
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

/// The canonical form a mention is linked on, without a trailing "(ACRONYM)", falling back to
/// the surface text when the extractor left it empty.
pub(super) fn canonical_of<'a>(m: &'a RawMention, text: &'a str) -> &'a str {
    let c = m.canonical().as_str().trim();
    let c = if c.is_empty() { text.trim() } else { c };
    key::split_trailing_acronym(c).map_or(c, |(long, _)| long)
}

/// What the linker derives from one mention's (kind, canonical form, surface): computed once per
/// distinct triple, as a corpus repeats its names many times.
#[derive(Debug)]
struct Form {
    key: Ustr,
    /// The node of the form's mentions, but for a short person form's (keyed per document):
    /// the linker keeps only the form of each mention.
    corpus_node: Option<u32>,
    /// "Lukashenko", "A.Lukashenko": keyed per document.
    short_person: bool,
    /// A full foreign person name: short forms may join it.
    foreign_full_person: bool,
    /// The canonical form is an acronym ("EAEU") of an abbreviated kind.
    acronym: bool,
    initialism: Option<Ustr>,
    /// The surface is a specific shortening of the canonical form: the key it stands for.
    short_ref: Option<Ustr>,
    /// Acronyms the mention defines for its node: a trailing "(LHQ)" in the canonical form, or
    /// the surface itself when it is one ("LHQ" for "Liên Hợp Quốc").
    defines: Vec<Ustr>,
    /// The name this mention contributes to its entity (see `super::display_name`).
    display: Ustr,
    surface: Ustr,
}

impl Form {
    fn new(m: &RawMention, text: Ustr) -> Self {
        let kind = m.kind;
        let canonical = canonical_of(m, &text);
        let key = key::node_key(kind, canonical);
        let person = (kind == EntityKind::Person).then(|| PersonName::parse(&key));
        let abbreviated = ABBREVIATED_KINDS.contains(&kind);
        let acronym = abbreviated && key::is_acronym(canonical);
        let mut form = Form {
            corpus_node: None,
            short_person: person.as_ref().is_some_and(PersonName::is_short),
            foreign_full_person: person
                .as_ref()
                .is_some_and(|p| !p.is_short() && !p.is_vietnamese()),
            acronym,
            initialism: (abbreviated && !acronym)
                .then(|| key::initialism(canonical))
                .flatten()
                .map(|i| Ustr::from(&i)),
            short_ref: None,
            defines: Vec::new(),
            display: Ustr::from(super::display_name(m, &text)),
            surface: text,
            key: Ustr::from(&key),
        };
        if !abbreviated || acronym {
            return form;
        }
        if text.trim() != canonical && !key::is_acronym(&text) {
            let short = key::node_key(kind, &text);
            let specific = short.split(' ').count() >= MIN_SHORT_REFERENCE_WORDS;
            if specific && short != key && is_word_subsequence(&short, &key) {
                form.short_ref = Some(Ustr::from(&short));
            }
        }
        let stated = key::split_trailing_acronym(m.canonical().as_str().trim()).map(|(_, a)| a);
        let surface = key::is_acronym(&text).then_some(text.as_str());
        form.defines = stated
            .into_iter()
            .chain(surface)
            .map(|a| Ustr::from(&key::acronym_letters(a)))
            .collect();
        form
    }
}

/// A count per item, kept small: a node has few distinct forms.
type Counts<T> = Vec<(T, u32)>;

fn count_up<T: PartialEq>(counts: &mut Counts<T>, item: T) {
    match counts.iter_mut().find(|(t, _)| *t == item) {
        Some((_, n)) => *n += 1,
        None => counts.push((item, 1)),
    }
}

fn count_down<T: PartialEq>(counts: &mut Counts<T>, item: &T) {
    if let Some(i) = counts.iter().position(|(t, _)| t == item) {
        counts[i].1 -= 1;
        if counts[i].1 == 0 {
            counts.swap_remove(i);
        }
    }
}

/// What stands on one node: the forms of its mentions, counted (what the sieves and the entity's
/// name and aliases read follows from them). One list, not one per thing read: a corpus has
/// about two nodes per document, and each list is an allocation of its own.
#[derive(Debug, Default, Clone)]
pub(super) struct NodeStats {
    /// Mentions on the node (none: it is not in the corpus now).
    pub mentions: u32,
    forms: Counts<u32>,
}

/// The linking state of a corpus, updated a document at a time.
#[derive(Default)]
pub struct Linker {
    forms: Vec<Form>,
    /// Both indexes are asked once per mention of the corpus; their keys are interned strings
    /// (hashed once when interned) and small values: a fast hasher, not SipHash.
    form_index: FxHashMap<(EntityKind, CanonicalId, Ustr), u32>,
    nodes: Vec<NodeKey>,
    node_index: FxHashMap<NodeKey, u32>,
    pub(super) stats: Vec<NodeStats>,
    /// Acronyms defined in articles: (kind, letters) → long-form node → mentions defining it.
    pairs: HashMap<(EntityKind, Ustr), Counts<u32>>,
    /// Short references articles resolved: (kind, key of the surface) → long-form nodes.
    short_refs: HashMap<(EntityKind, Ustr), Counts<u32>>,
    /// Per document: full foreign person names mentioned in it (sorted). Nothing is kept per
    /// mention: the documents hold their mentions, and a mention's form and node follow from it
    /// ([`Linker::form_of`], [`Linker::node_of`]).
    full_persons: Vec<Box<[u32]>>,
}

impl Linker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Documents known (the highest index given, plus one).
    pub fn len(&self) -> usize {
        self.full_persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.full_persons.is_empty()
    }

    /// Sets the mentions of document `doc`, a new one (`old` empty) or one processed again
    /// (`old`: the mentions it was last set with): work in proportion to its mentions, old and
    /// new.
    pub fn set(&mut self, doc: DocIndex, old: ArticleMentions<'_>, mentions: ArticleMentions<'_>) {
        if doc >= self.full_persons.len() {
            self.full_persons.resize_with(doc + 1, Box::default);
        }
        for (m, text) in old.iter() {
            let form = self.form_of(m, text);
            let node = self.node_of(doc, form);
            self.uncount(form, node);
        }
        let mut full = Vec::new();
        for (m, text) in mentions.iter() {
            let form = self.form(m, text);
            let f = &self.forms[form as usize];
            let foreign = f.foreign_full_person;
            let node = match f.corpus_node {
                Some(node) => node,
                None => self.node(NodeKey {
                    kind: m.kind,
                    key: f.key,
                    scope: Scope::Doc(doc),
                }),
            };
            if foreign {
                full.push(node);
            }
            self.count(form, node);
        }
        full.sort_unstable();
        full.dedup();
        self.full_persons[doc] = full.into();
    }

    fn form(&mut self, m: &RawMention, text: &str) -> u32 {
        let next = self.forms.len() as u32;
        let text = Ustr::from(text);
        let id = *self
            .form_index
            .entry((m.kind, m.canonical_id(), text))
            .or_insert(next);
        if id == next {
            let mut form = Form::new(m, text);
            if !form.short_person {
                form.corpus_node = Some(self.node(NodeKey {
                    kind: m.kind,
                    key: form.key,
                    scope: Scope::Corpus,
                }));
            }
            self.forms.push(form);
        }
        id
    }

    /// The form of a mention [`Linker::set`] was given.
    pub(super) fn form_of(&self, m: &RawMention, text: &str) -> u32 {
        self.form_index[&(m.kind, m.canonical_id(), Ustr::from(text))]
    }

    /// The node of a mention of `form` in document `doc` (placed by [`Linker::set`]).
    pub(super) fn node_of(&self, doc: DocIndex, form: u32) -> u32 {
        let f = &self.forms[form as usize];
        f.corpus_node.unwrap_or_else(|| {
            self.node_index[&NodeKey {
                // Only a person's form is short.
                kind: EntityKind::Person,
                key: f.key,
                scope: Scope::Doc(doc),
            }]
        })
    }

    fn node(&mut self, key: NodeKey) -> u32 {
        let next = self.nodes.len() as u32;
        let id = *self.node_index.entry(key).or_insert(next);
        if id == next {
            self.nodes.push(key);
            self.stats.push(NodeStats::default());
        }
        id
    }

    fn count(&mut self, form: u32, node: u32) {
        let f = &self.forms[form as usize];
        let kind = self.nodes[node as usize].kind;
        let s = &mut self.stats[node as usize];
        s.mentions += 1;
        count_up(&mut s.forms, form);
        if !ABBREVIATED_KINDS.contains(&kind) || f.acronym {
            return;
        }
        if let Some(short) = f.short_ref {
            count_up(self.short_refs.entry((kind, short)).or_default(), node);
        }
        for &letters in &f.defines {
            count_up(self.pairs.entry((kind, letters)).or_default(), node);
        }
    }

    fn uncount(&mut self, form: u32, node: u32) {
        let f = &self.forms[form as usize];
        let kind = self.nodes[node as usize].kind;
        let s = &mut self.stats[node as usize];
        s.mentions -= 1;
        count_down(&mut s.forms, &form);
        if !ABBREVIATED_KINDS.contains(&kind) || f.acronym {
            return;
        }
        if let Some(short) = f.short_ref {
            uncount_in(&mut self.short_refs, (kind, short), node);
        }
        for &letters in &f.defines {
            uncount_in(&mut self.pairs, (kind, letters), node);
        }
    }

    /// The forms of node `n`'s mentions, with how many mentions each.
    fn node_forms(&self, n: usize) -> impl Iterator<Item = (&Form, u32)> + '_ {
        self.stats[n]
            .forms
            .iter()
            .map(|&(f, count)| (&self.forms[f as usize], count))
    }

    /// The names node `n`'s mentions contribute and their surfaces, with how many mentions each
    /// (for the entity's name and aliases).
    pub(super) fn node_names(&self, n: usize) -> impl Iterator<Item = (&str, &str, u32)> + '_ {
        self.node_forms(n)
            .map(|(f, count)| (f.display.as_str(), f.surface.as_str(), count))
    }

    pub(super) fn kind_of(&self, n: usize) -> EntityKind {
        self.nodes[n].kind
    }

    fn live(&self, n: usize) -> bool {
        self.stats[n].mentions > 0
    }

    fn corpus_node(&self, kind: EntityKind, key: &str) -> Option<usize> {
        let key = Ustr::from_existing(key)?;
        self.node_index
            .get(&NodeKey {
                kind,
                key,
                scope: Scope::Corpus,
            })
            .map(|&n| n as usize)
            .filter(|&n| self.live(n))
    }

    /// The groups of nodes the sieves make of the corpus as it is now: per node, its group's
    /// smallest node. Work in proportion to the live nodes (distinct names), not the mentions.
    pub fn partition(&self) -> Vec<u32> {
        let mut s = Sieves {
            g: self,
            parent: (0..self.nodes.len() as u32).collect(),
        };
        s.known_aliases();
        s.unmarked_spellings();
        s.acronyms();
        s.short_references();
        s.persons();
        (0..self.nodes.len()).map(|n| s.find(n) as u32).collect()
    }
}

fn uncount_in(map: &mut HashMap<(EntityKind, Ustr), Counts<u32>>, key: (EntityKind, Ustr), n: u32) {
    if let Some(counts) = map.get_mut(&key) {
        count_down(counts, &n);
        if counts.is_empty() {
            map.remove(&key);
        }
    }
}

/// One run of the sieves over a linker's state.
struct Sieves<'a> {
    g: &'a Linker,
    parent: Vec<u32>,
}

impl Sieves<'_> {
    fn find(&mut self, n: usize) -> usize {
        let mut n = n as u32;
        while self.parent[n as usize] != n {
            let up = self.parent[self.parent[n as usize] as usize];
            self.parent[n as usize] = up;
            n = up;
        }
        n as usize
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index is the root: any choice gives the same groups.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo as u32;
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

    /// Live nodes with their keys.
    fn live_nodes(&self) -> impl Iterator<Item = (usize, &NodeKey)> + '_ {
        let g = self.g;
        g.nodes.iter().enumerate().filter(move |(n, _)| g.live(*n))
    }

    /// Forms listed together in `assets/link/known_aliases.txt` are one entity.
    fn known_aliases(&mut self) {
        let mut ops = Vec::new();
        for group in &data().known {
            let present: Vec<usize> = group
                .forms
                .iter()
                .filter_map(|f| {
                    self.g
                        .corpus_node(group.kind, &key::node_key(group.kind, f))
                })
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
        let mut marked: HashMap<(EntityKind, String), BTreeSet<usize>> = HashMap::new();
        let mut unmarked = Vec::new();
        for (n, node) in self.live_nodes() {
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
            let node = self.g.nodes[n];
            let Some(targets) = marked.get(&(node.kind, node.key.to_string())) else {
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
        let g = self.g;
        let mut defined: BTreeMap<(EntityKind, &str), BTreeSet<usize>> = BTreeMap::new();
        for ((kind, letters), longs) in &g.pairs {
            defined
                .entry((*kind, letters.as_str()))
                .or_default()
                .extend(longs.iter().map(|(n, _)| *n as usize));
        }
        let mut computed: HashMap<(EntityKind, &str), BTreeSet<usize>> = HashMap::new();
        let mut bare: BTreeMap<(EntityKind, String), BTreeSet<usize>> = BTreeMap::new();
        for (n, node) in self.live_nodes() {
            if g.node_forms(n).any(|(f, _)| f.acronym) {
                let letters = key::acronym_letters(&node.key);
                bare.entry((node.kind, letters)).or_default().insert(n);
            }
            for i in g.node_forms(n).filter_map(|(f, _)| f.initialism.as_ref()) {
                computed
                    .entry((node.kind, i.as_str()))
                    .or_default()
                    .insert(n);
            }
        }
        let mut ops = Vec::new();
        let keys: BTreeSet<(EntityKind, &str)> = defined
            .keys()
            .copied()
            .chain(bare.keys().map(|(k, l)| (*k, l.as_str())))
            .collect();
        for k in keys {
            let members: Vec<usize> = bare
                .get(&(k.0, k.1.to_string()))
                .into_iter()
                .flatten()
                .copied()
                .collect();
            ops.extend(members.windows(2).map(|w| (w[0], w[1])));
            let (expansions, stated) = match defined.get(&k) {
                Some(d) => (d, true),
                None => match computed.get(&k) {
                    Some(c) => (c, false),
                    None => continue,
                },
            };
            let roots = self.roots(expansions.iter().copied());
            let folded: BTreeSet<String> =
                expansions.iter().map(|&n| fold(&g.nodes[n].key)).collect();
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
        let g = self.g;
        let mut ops = Vec::new();
        for ((kind, short), longs) in &g.short_refs {
            let Some(bare) = g.corpus_node(*kind, short) else {
                continue;
            };
            if let [root] = self
                .roots(longs.iter().map(|(n, _)| *n as usize))
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
        let g = self.g;
        let mut full: BTreeMap<String, Vec<(usize, PersonName)>> = BTreeMap::new();
        let mut short: Vec<(usize, DocIndex, PersonName)> = Vec::new();
        for (n, node) in self.live_nodes() {
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
            let in_doc = g.full_persons.get(*doc);
            let local: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|m| in_doc.is_some_and(|s| s.binary_search(&(*m as u32)).is_ok()))
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
            by_key.entry(g.nodes[*n].key.as_str()).or_default().push(*n);
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
                let keys: BTreeSet<&str> = forms.iter().map(|m| g.nodes[*m].key.as_str()).collect();
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
