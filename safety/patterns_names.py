"""Name detection data: titles, name cues, stop words and name lists per language, read from safety/lexicons/.

The lists themselves are plain text files that a native speaker can review (see each file's header); this
module only gathers them under the names the detector uses, once per process.
"""

from safety.lexicon import entries, lexicon, merged

LATIN_TITLES = entries("en", "titles")
VIETNAMESE_TITLES = entries("vi", "titles")
LATIN_CUES = entries("en", "name_cues") + entries("vi", "name_cues")

THAI_TITLES = entries("th", "titles")
# Titles that are also common words ("คุณ" is "you"): the name must stand alone, followed by a space or punctuation.
WEAK_TITLES = entries("th", "weak_titles")
WEAK_TITLE_BLOCKERS = entries("th", "weak_title_blockers")
KHMER_TITLES = entries("km", "titles")
LAO_TITLES = entries("lo", "titles")
MYANMAR_TITLES = entries("my", "titles")
# Titles that are also ordinary words ("you", "she", "girl"): the name after them must not be only common words.
AMBIGUOUS_TITLES = entries("lo", "ambiguous_titles") + entries("km", "ambiguous_titles")

THAI_CUES = entries("th", "name_cues")
KHMER_CUES = entries("km", "name_cues")
LAO_CUES = entries("lo", "name_cues")
MYANMAR_CUES = entries("my", "name_cues")
CUE_BLOCKERS = entries("th", "cue_blockers") + entries("lo", "cue_blockers") + entries("km", "cue_blockers")

# Words that follow a title but make it a role or a common noun rather than a name (matched as prefixes).
TITLE_BLOCKERS = {lang: entries(lang, "title_blockers") for lang in ("th", "km", "lo")}

# Capitalised words that follow a Latin-script title but are roles, organisations or places, not names.
LATIN_NAME_STOPWORDS = frozenset(merged("name_stopwords"))
# Nationality words: not names after a role word or in a surname-led sequence, but allowed after a title.
NATIONALITY_WORDS = lexicon("en", "nationalities")
VIETNAMESE_SURNAMES = lexicon("vi", "latin_surnames")
ROMANIZED_SURNAMES = lexicon("km", "latin_surnames") | lexicon("lo", "latin_surnames") | lexicon("th", "latin_surnames")
# Capitalised sequences starting with a surname that are places or streets, not people.
LATIN_PLACE_NAMES = frozenset(merged("latin_place_names"))
# Words before a capitalised sequence that make it a place (street, district, province).
LATIN_PLACE_CUES = frozenset(merged("place_cues"))
# Title + capitalised word sequences that are places in Viet Nam, not people.
TITLED_PLACE_NAMES = lexicon("vi", "titled_place_names")
# Role words that introduce an untitled name in English reports ("the suspect, Sok Dara, ...").
LATIN_ROLE_CUES = entries("en", "role_cues") + entries("vi", "role_cues")
# Common romanised given names of the region: a capitalised word from this list is a name even without a title.
ROMANIZED_GIVEN_NAMES = frozenset(merged("latin_given_names"))

# Common Thai given names, Khmer surnames and Lao given names: followed by a second name word, they form a name.
SCRIPT_NAME_LEXICON = {lang: lexicon(lang, "common_names") for lang in ("th", "km", "lo")}
