//! One lookup table over every multi-word list in `assets/`: places, organisations, events,
//! titles, head nouns, stop words… keyed by lower-case token sequences, so "Á-Âu", "Á - Âu" and
//! "á-âu" share a key and a block is scanned once.

use super::names::{is_acronym_form, Kinds};
use super::tokens::{Lowered, Token};
use crate::assets::Assets;
use rustc_hash::{FxHashMap, FxHashSet};

/// What an asset phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Place,
    Org,
    Event,
    Doc,
    Title,
    OrgHead(HeadFlags),
    DocHead(HeadFlags),
    EventHead(HeadFlags),
    StatePrefix,
    AdminUnit,
    /// A district, ward or commune of Vietnam ("Sóc Sơn"): a place on its own, or (`cue`, for
    /// names that are also people's names or ordinary words) only after a place cue.
    LocalPlace {
        cue: bool,
    },
    /// Ends a plain complement, not a "về …" one.
    Stop,
    /// Ends every complement.
    ClauseStop,
    Surname,
    /// A head word of an English name: closes ("… Police", "… Festival") or opens ("Ministry
    /// of …") a run of capitalised words and gives it its kind.
    EnglishHead(EnglishHead),
    /// Lower-case particle inside a foreign name ("von", "der", "bin").
    NameParticle,
    CommonCap,
}

impl Role {
    /// The same variant, whatever its flags: a compare of discriminants, where the derived
    /// `==` also compares every flag (and is not inlined on the rules' hot paths).
    pub fn same_kind(self, other: Role) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// An English head word: the kind it gives a name, and whether it ends or starts the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnglishHead {
    pub kind: crate::extract::EntityKind,
    pub opens: bool,
}

/// Options on a head noun, from the `|flag` suffixes of the head lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeadFlags {
    /// May take a "về …" complement.
    pub about: bool,
    /// May take "tại <place>".
    pub at_place: bool,
    /// Needs a capitalised word right after the head.
    pub strict: bool,
    /// Ends the name instead of starting it ("Vietnam EXPO 2025").
    pub postfix: bool,
    /// May take "chống <Name>" ("kháng chiến chống Mỹ").
    pub against: bool,
    /// Also a head in lower case, before a capitalised name ("báo Lao Động").
    pub lower: bool,
    /// Named by an administrative unit and its place ("UBND tỉnh Đồng Nai").
    pub unit: bool,
    /// Named after a person, whose full name is part of it ("THPT Chu Văn An").
    pub named: bool,
    /// Written in lower case it only describes: the name is what follows ("hãng Takeda").
    pub describes: bool,
    /// Takes a lower-case description closed by its year ("Kỳ thi tốt nghiệp THPT năm 2026").
    pub dated: bool,
    /// Before an office it names that office's seat, a building ("Phủ Chủ tịch").
    pub seat: bool,
    /// A house of parliament: named by its country only ("Thượng viện Campuchia"), so other
    /// capitalised words after it are no part of it ("Chủ tịch Thượng viện | Hun Sen").
    pub house: bool,
}

impl HeadFlags {
    fn parse(flags: &str) -> Self {
        let mut f = Self::default();
        for flag in flags.split('|').map(str::trim) {
            match flag {
                "ve" => f.about = true,
                "tai" => f.at_place = true,
                "strict" => f.strict = true,
                "post" => f.postfix = true,
                "chong" => f.against = true,
                "lower" => f.lower = true,
                "unit" => f.unit = true,
                "named" => f.named = true,
                "dated" => f.dated = true,
                "desc" => f.describes = true,
                "seat" => f.seat = true,
                "house" => f.house = true,
                _ => {}
            }
        }
        f
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub role: Role,
    /// The phrase as written in the asset, its tokens joined by single spaces (for case
    /// checks; one allocation per entry, as the table holds tens of thousands).
    pub form: Box<str>,
    /// What the phrase stands for (the first form of its asset line), when that is not the
    /// form itself.
    canonical: Option<Box<str>>,
    /// A word of the form is an acronym ("ASEAN"), which the text must write as it is: told
    /// once here, as few entries have one and the case checks ask at every hit.
    pub has_acronym: bool,
}

impl Entry {
    /// What the phrase stands for (the first form of its asset line).
    pub fn canonical(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.form)
    }

    /// The phrase's tokens as written.
    pub fn words(&self) -> std::str::Split<'_, char> {
        self.form.split(' ')
    }
}

/// A phrase found in a block: `len` tokens from the scan position.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub len: usize,
    pub entry: usize,
    /// The entry's role, copied: the rules ask every hit for its role many times, and the
    /// entries are tens of thousands, far apart in memory.
    pub role: Role,
}

pub struct Table {
    entries: Vec<Entry>,
    /// Every word of a key (and of a given name), numbered: a token is hashed once per scan.
    words: WordNumbers,
    /// The keys as a trie over word numbers. Its first level, by word number: the node of the
    /// one-word key (or [`NO_NODE`]). Every known token of a scan asks it, so an array, not a
    /// hash map.
    first: Vec<u32>,
    /// The levels below: (node, word) → node, packed as a word is (see [`edge`]) in the same
    /// kind of array as the words: a general hash map spent some 35 instructions on each step.
    children: ShortWords,
    /// Per node, its entries and whether a key goes on (see [`Node`]).
    nodes: Vec<Node>,
    /// The entries ending at each node, node after node (see [`Node::ends`]).
    endings: Vec<Ending>,
    max_len: usize,
    /// Vietnamese given names of two syllables ("mỹ tâm"), by their two word numbers: a person
    /// named without the family name. A plain set, not entries: thousands of them, only ever
    /// asked "is this one", and the memory of every document's scan stays what it was.
    given_names: FxHashSet<(u32, u32)>,
}

/// In [`Table::first`]: no key is that one word.
const NO_NODE: u32 = u32::MAX;

/// The step from trie node `node` by word number `word`, as a key of [`Table::children`].
#[inline(always)]
fn edge(node: u32, word: u32) -> Packed {
    (u64::from(node), u64::from(word), 0)
}

/// A trie node: all a scan reads of it in one place (a scan reaches a node per known token,
/// and separate lists for its entries and its children were a cache miss each).
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    /// Its entries: `Table::endings[ends.0..ends.1]`.
    ends: (u32, u32),
    /// A longer key goes on from it: the scan stops as soon as none does.
    goes_on: bool,
}

/// An entry whose key ends at a node, with its role (copied, as in [`Hit`]).
#[derive(Debug, Clone, Copy)]
struct Ending {
    entry: u32,
    role: Role,
}

/// The trie while the lists are added: per node its entries, as lists (each new entry is
/// checked against those already there).
struct TrieBuilder {
    children: FxHashMap<(u32, u32), u32>,
    ends: Vec<Vec<usize>>,
    goes_on: Vec<bool>,
}

/// `s` without its diacritics, keeping case: "Bình Dương" → "Binh Duong", "Đông Anh" → "Dong Anh".
pub fn without_marks(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

impl Table {
    pub fn new(assets: &Assets) -> Self {
        let mut table = Self {
            entries: Vec::new(),
            words: WordNumbers::default(),
            first: Vec::new(),
            children: ShortWords::default(),
            nodes: Vec::new(),
            endings: Vec::new(),
            max_len: 1,
            given_names: FxHashSet::default(),
        };
        let mut trie = TrieBuilder {
            children: FxHashMap::default(),
            ends: vec![Vec::new()],
            goes_on: vec![false],
        };
        for line in assets.list("given_names.txt") {
            let lowered = Lowered::new(line);
            let tokens = lowered.tokens();
            if let [a, b] = tokens.as_slice() {
                let pair = (table.word_number(a.lower), table.word_number(b.lower));
                table.given_names.insert(pair);
            }
        }
        for (list, role) in [
            ("locations.txt", Role::Place),
            ("organizations.txt", Role::Org),
            ("events.txt", Role::Event),
            ("documents.txt", Role::Doc),
        ] {
            for line in assets.list(list) {
                let mut forms = line.split('|').map(str::trim).filter(|f| !f.is_empty());
                let Some(canonical) = forms.next() else {
                    continue;
                };
                table.add(&mut trie, role, canonical, canonical);
                let mut written = vec![canonical];
                for alias in forms {
                    table.add(&mut trie, role, alias, canonical);
                    written.push(alias);
                }
                // English-language editions write Vietnamese places without marks ("Binh
                // Duong", "Dong Nai"): the unmarked spelling of a name of two words or more.
                if role == Role::Place {
                    for form in written {
                        let bare = without_marks(form);
                        if bare != form && form.split_whitespace().count() >= 2 {
                            table.add(&mut trie, role, &bare, canonical);
                        }
                    }
                }
            }
        }
        for (list, make) in [
            ("org_heads.txt", Role::OrgHead as fn(HeadFlags) -> Role),
            ("document_heads.txt", Role::DocHead),
            ("event_heads.txt", Role::EventHead),
        ] {
            for line in assets.list(list) {
                let (head, flags) = line.split_once('|').unwrap_or((line, ""));
                table.add(
                    &mut trie,
                    make(HeadFlags::parse(flags)),
                    head.trim(),
                    head.trim(),
                );
            }
        }
        for (list, role) in [
            ("titles.txt", Role::Title),
            ("state_prefixes.txt", Role::StatePrefix),
            ("admin_units.txt", Role::AdminUnit),
            ("surnames.txt", Role::Surname),
            ("name_particles.txt", Role::NameParticle),
            ("common_caps.txt", Role::CommonCap),
        ] {
            for line in assets.list(list) {
                table.add(&mut trie, role, line, line);
            }
        }
        for line in assets.list("admin_places.txt") {
            let (name, flag) = line.split_once('|').unwrap_or((line, ""));
            let role = Role::LocalPlace { cue: flag == "cue" };
            let name = name.trim();
            table.add(&mut trie, role, name, name);
            // English-language editions write them without marks ("Soc Son").
            let bare = without_marks(name);
            if bare != name {
                table.add(&mut trie, role, &bare, name);
            }
        }
        for line in assets.list("english_heads.txt") {
            let mut parts = line.split('|').map(str::trim);
            let (Some(head), Some(kind), Some(position)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Some(kind) = crate::extract::EntityKind::ALL
                .into_iter()
                .find(|k| k.as_str() == kind)
            else {
                continue;
            };
            let opens = position == "start";
            table.add(
                &mut trie,
                Role::EnglishHead(EnglishHead { kind, opens }),
                head,
                head,
            );
        }
        for line in assets.list("stopwords.txt") {
            match line.split_once('|') {
                Some((word, "clause")) => {
                    table.add(&mut trie, Role::ClauseStop, word.trim(), word.trim())
                }
                _ => table.add(&mut trie, Role::Stop, line, line),
            }
        }
        table.finish(trie);
        table
    }

    /// The trie in its scanning form: the first level as an array, each node's entries in one
    /// list. Built once and kept for the whole run: no spare capacity.
    fn finish(&mut self, trie: TrieBuilder) {
        self.first = vec![NO_NODE; self.words.len()];
        for ((node, word), child) in trie.children {
            if node == 0 {
                self.first[word as usize] = child;
            } else {
                self.children.number(edge(node, word), child);
            }
        }
        self.nodes = Vec::with_capacity(trie.ends.len());
        for (ends, goes_on) in trie.ends.iter().zip(trie.goes_on) {
            let from = self.endings.len() as u32;
            self.endings.extend(ends.iter().map(|&entry| Ending {
                entry: entry as u32,
                role: self.entries[entry].role,
            }));
            let ends = (from, self.endings.len() as u32);
            self.nodes.push(Node { ends, goes_on });
        }
        self.entries.shrink_to_fit();
        self.words.shrink_to_fit();
        self.endings.shrink_to_fit();
        self.given_names.shrink_to_fit();
    }

    /// The number of a (lower-case) word, given one if new.
    fn word_number(&mut self, word: &str) -> u32 {
        self.words.number(word)
    }

    /// The trie node of `tokens`' key, made if new.
    fn node_of(&mut self, trie: &mut TrieBuilder, tokens: &[Token<'_>]) -> usize {
        let mut node = 0;
        for t in tokens {
            let word = self.word_number(t.lower);
            let next = trie.ends.len() as u32;
            let child = *trie.children.entry((node as u32, word)).or_insert(next);
            if child == next {
                trie.ends.push(Vec::new());
                trie.goes_on.push(false);
            }
            trie.goes_on[node] = true;
            node = child as usize;
        }
        node
    }

    fn add(&mut self, trie: &mut TrieBuilder, role: Role, form: &str, canonical: &str) {
        let lowered = Lowered::new(form);
        let tokens = lowered.tokens();
        if tokens.is_empty() {
            return;
        }
        self.max_len = self.max_len.max(tokens.len());
        let node = self.node_of(trie, &tokens);
        // Hyphen spacing variants of one line share a key; keep one entry per role and
        // spelling (case variants stay: "Sông Hồng" and "sông Hồng" differ in what they allow).
        let form: Box<str> = tokens
            .iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
            .into();
        let entries = &self.entries;
        if trie.ends[node]
            .iter()
            .any(|&i| entries[i].role == role && entries[i].form == form)
        {
            return;
        }
        trie.ends[node].push(self.entries.len());
        let canonical = (canonical != &*form).then(|| canonical.into());
        let has_acronym = form.split(' ').any(is_acronym_form);
        self.entries.push(Entry {
            role,
            form,
            canonical,
            has_acronym,
        });
    }

    /// Tokens `i..i + 2` of the piece `hits` were found in are a Vietnamese given name.
    pub fn is_given_name(&self, hits: &Hits, i: usize) -> bool {
        let number = |k: usize| hits.words.get(k).copied().flatten();
        matches!((number(i), number(i + 1)), (Some(a), Some(b)) if self.given_names.contains(&(a, b)))
    }

    pub fn entry(&self, id: usize) -> &Entry {
        &self.entries[id]
    }

    /// Every phrase starting at every token, shortest first at each position, into `hits`
    /// (emptied first: one list for every piece of an article, not three allocations a piece).
    pub fn scan(&self, tokens: &[Token<'_>], hits: &mut Hits) {
        // One list for the whole piece: most tokens start no phrase, and a list per token
        // would be an allocation for each one that does.
        hits.all.clear();
        hits.starts.clear();
        hits.words.clear();
        hits.kinds.clear();
        // Room for a hit per token at once: grown from empty, the list was copied at each
        // doubling.
        hits.all.reserve(tokens.len());
        hits.starts.reserve(tokens.len() + 1);
        hits.kinds.reserve(tokens.len());
        hits.words
            .extend(tokens.iter().map(|t| self.words.get(t.lower)));
        let numbers = &hits.words;
        for i in 0..tokens.len() {
            let from = hits.all.len();
            hits.starts.push(from as u32);
            let Some(word) = numbers[i] else {
                hits.kinds.push(Kinds::default());
                continue;
            };
            let mut node = self.first[word as usize];
            let longest = self.max_len.min(tokens.len() - i);
            let mut len = 1;
            while node != NO_NODE {
                let Node { ends, goes_on } = self.nodes[node as usize];
                // Many nodes on the way end no key: nothing to add (nor room to check) for them.
                if ends.0 < ends.1 {
                    let endings = &self.endings[ends.0 as usize..ends.1 as usize];
                    hits.all.extend(endings.iter().map(|e| Hit {
                        len,
                        entry: e.entry as usize,
                        role: e.role,
                    }));
                }
                if !goes_on || len == longest {
                    break;
                }
                let Some(word) = numbers[i + len] else {
                    break;
                };
                node = self.children.get(edge(node, word)).unwrap_or(NO_NODE);
                len += 1;
            }
            hits.kinds.push(Kinds::of(&hits.all[from..]));
        }
        hits.starts.push(hits.all.len() as u32);
    }
}

/// The table's words, numbered in the order they come. Nearly every word is a syllable of 16
/// bytes or less, keyed by its bytes packed in two integers: every token of every scan is
/// looked up, and hashing and comparing strings cost it several times as much.
#[derive(Default)]
struct WordNumbers {
    short: ShortWords,
    long: FxHashMap<Box<str>, u32>,
}

/// A word of at most 16 bytes: its first and last bytes (up to eight of each, overlapping), and
/// its length, which makes them say which bytes it is.
type Packed = (u64, u64, u8);

/// `word` as a [`Packed`], if it has 16 bytes or less.
#[inline(always)]
fn packed(word: &str) -> Option<Packed> {
    let b = word.as_bytes();
    let n = b.len();
    let four = |s: &[u8]| s.try_into().map_or(0, |a| u64::from(u32::from_le_bytes(a)));
    let eight = |s: &[u8]| s.try_into().map_or(0, u64::from_le_bytes);
    let (head, tail) = match n {
        0 => (0, 0),
        1..=3 => {
            let three = u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16;
            (three, 0)
        }
        4..=7 => (four(&b[..4]), four(&b[n - 4..])),
        8..=16 => (eight(&b[..8]), eight(&b[n - 8..])),
        _ => return None,
    };
    Some((head, tail, n as u8))
}

impl WordNumbers {
    fn len(&self) -> usize {
        self.short.len + self.long.len()
    }

    /// The number of `word`, given one if new.
    fn number(&mut self, word: &str) -> u32 {
        let next = self.len() as u32;
        match packed(word) {
            Some(p) => self.short.number(p, next),
            None => *self.long.entry(word.into()).or_insert(next),
        }
    }

    #[inline(always)]
    fn get(&self, word: &str) -> Option<u32> {
        match packed(word) {
            Some(p) => self.short.get(p),
            None => self.long.get(word).copied(),
        }
    }

    fn shrink_to_fit(&mut self) {
        self.long.shrink_to_fit();
    }
}

/// The packed words (or trie steps, see [`edge`]) and their numbers in one array, each at the
/// first free slot from its hash's (linear probing), at most half full: a lookup is a multiply,
/// a load and a compare or two, where a general hash map spent some 60 instructions on every
/// token of every scan.
#[derive(Default)]
struct ShortWords {
    /// A power of two of slots; an empty one has the number [`NO_WORD`].
    slots: Vec<(Packed, u32)>,
    /// 64 less the log2 of the slots' count: it takes a hash's top bits (the best mixed) to
    /// index them.
    shift: u32,
    len: usize,
}

/// In [`ShortWords::slots`]: an empty slot.
const NO_WORD: u32 = u32::MAX;

impl ShortWords {
    /// The slot to look for `word` from: the top bits of a multiplicative hash of its bytes.
    #[inline(always)]
    fn home(&self, (head, tail, n): Packed) -> usize {
        let mixed =
            (head ^ tail.rotate_left(29) ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> self.shift) as usize
    }

    #[inline(always)]
    fn get(&self, word: Packed) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(word);
        loop {
            let (key, number) = self.slots[at];
            if number == NO_WORD {
                return None;
            }
            if key == word {
                return Some(number);
            }
            at = (at + 1) & mask;
        }
    }

    /// The number of `word`, `next` if it is new.
    fn number(&mut self, word: Packed, next: u32) -> u32 {
        if let Some(number) = self.get(word) {
            return number;
        }
        if 2 * (self.len + 1) > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![((0, 0, 0), NO_WORD); (2 * old.len()).max(64)];
            self.shift = 64 - self.slots.len().trailing_zeros();
            for (key, number) in old.into_iter().filter(|&(_, n)| n != NO_WORD) {
                self.put(key, number);
            }
        }
        self.put(word, next);
        self.len += 1;
        next
    }

    /// Puts a word not there yet in the first free slot from its home.
    fn put(&mut self, word: Packed, number: u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(word);
        while self.slots[at].1 != NO_WORD {
            at = (at + 1) & mask;
        }
        self.slots[at] = (word, number);
    }
}

/// The phrases found in a piece by [`Table::scan`], by starting token.
pub struct Hits {
    all: Vec<Hit>,
    /// Per token, where its hits start in `all`; one more for the end.
    starts: Vec<u32>,
    /// Per token, its word's number, if the table knows the word (the given names ask again).
    words: Vec<Option<u32>>,
    /// Per token, the kinds of its hits: made as they are found, where a pass of its own read
    /// them all again.
    kinds: Vec<Kinds>,
}

impl Hits {
    /// Room for the hits of a piece of `tokens` tokens (at one per token, as in [`Table::scan`]).
    pub fn with_capacity(tokens: usize) -> Self {
        Self {
            all: Vec::with_capacity(tokens),
            starts: Vec::with_capacity(tokens + 1),
            words: Vec::with_capacity(tokens),
            kinds: Vec::with_capacity(tokens),
        }
    }

    /// The kinds of the hits at token `i` (none past the end).
    pub(super) fn kinds(&self, i: usize) -> Kinds {
        self.kinds.get(i).copied().unwrap_or_default()
    }

    /// The phrases starting at token `i`, shortest first (`None` past the end).
    pub fn at(&self, i: usize) -> Option<&[Hit]> {
        // The rules ask it many times per token: one range check for both bounds.
        match *self.starts.get(i..i + 2)? {
            [from, to] => self.all.get(from as usize..to as usize),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_are_equal_only_when_their_bytes_are() {
        let mut seen: FxHashMap<Packed, String> = FxHashMap::default();
        for n in 0..=17 {
            for bits in 0..(1u32 << n.min(10)) {
                let word: String = (0..n)
                    .map(|k| if bits >> (k % 10) & 1 == 1 { 'b' } else { 'a' })
                    .collect();
                match packed(&word) {
                    Some(p) => {
                        if let Some(other) = seen.insert(p, word.clone()) {
                            assert_eq!(other, word);
                        }
                    }
                    None => assert!(n > 16),
                }
            }
        }
        assert_ne!(packed("đã"), packed("đà"));
    }

    #[test]
    fn word_numbers_keep_their_numbers_as_the_slots_grow() {
        let mut words = WordNumbers::default();
        assert_eq!(words.get("một"), None);
        let all: Vec<String> = (0..5000).map(|k| format!("w{k}")).collect();
        for (k, w) in all.iter().enumerate() {
            assert_eq!(words.number(w), k as u32);
        }
        assert_eq!(words.number("w17"), 17);
        for (k, w) in all.iter().enumerate() {
            assert_eq!(words.get(w), Some(k as u32));
        }
        assert_eq!(words.get("w5000"), None);
        assert_eq!(words.get("một từ dài hơn mười sáu byte"), None);
    }
}
