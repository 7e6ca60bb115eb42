// A lighthouserc resolved as `lhci assert` 0.15.1 resolves it, before its assertions
// are read (import_lighthouserc.cpp): every key's dots become ':'; the sections
// `ci`, `lhci` and `ci:client` are spread into one (later ones win, key by key);
// `extends` loads a base (a path relative to the file that names it, in any form
// lhci reads) and merges this file over it; kebab-case option names are their
// camelCase options (yargs' aliases); an empty object is no option at all (yargs
// drops it); `preset` merges lhci's preset list under the file's assertions. The
// merge is lhci's own: objects key by key, arrays element by element, anything else
// replaced. See tests/peers/lhci/SEMANTICS.md for where each rule comes from.
#include "budget/importers.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/json_writer.hpp"
#include "util/limits.hpp"
#include "util/strings.hpp"

#include <simdjson.h>

#include <filesystem>
#include <map>

namespace budget {

extern const char* const k_lhci_presets_json;

namespace {

// A JSON value that can be changed (simdjson's DOM cannot), keys in file order.
struct Tree {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<Tree> items;
  // An object's keys and values, in file order (two vectors: a vector of pairs of an
  // incomplete type does not compile with every standard library).
  std::vector<std::string> keys;
  std::vector<Tree> values;

  bool is_object() const { return kind == Kind::object; }
  std::size_t size() const { return keys.size(); }
  const Tree* find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &values[i];
    }
    return nullptr;
  }
  Tree* find(std::string_view key) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &values[i];
    }
    return nullptr;
  }
  void set(const std::string& key, Tree value) {
    if (Tree* t = find(key)) {
      *t = std::move(value);
    } else {
      keys.push_back(key);
      values.push_back(std::move(value));
    }
  }
  void erase(std::string_view key) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) {
        keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(i));
        values.erase(values.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }
};

Tree from_dom(simdjson::dom::element e) {
  Tree t;
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      t.kind = Tree::Kind::array;
    {
      const simdjson::dom::array items = e.get_array().value_unsafe();  // a local: never iterate a temporary
      for (simdjson::dom::element item : items) t.items.push_back(from_dom(item));
    }
      break;
    case simdjson::dom::element_type::OBJECT:
      t.kind = Tree::Kind::object;
    {
      const simdjson::dom::object object = e.get_object().value_unsafe();
      for (auto field : object) {
        // lhci: every '.' in a key is a ':' (categories.performance = categories:performance).
        std::string key(field.key);
        for (auto& c : key) {
          if (c == '.') c = ':';
        }
        t.set(key, from_dom(field.value));
      }
    }
      break;
    case simdjson::dom::element_type::STRING:
      t.kind = Tree::Kind::string;
      t.text = std::string(std::string_view(e));
      break;
    case simdjson::dom::element_type::BOOL:
      t.kind = Tree::Kind::boolean;
      t.boolean = bool(e);
      break;
    case simdjson::dom::element_type::NULL_VALUE: break;
    default:
      t.kind = Tree::Kind::number;
      t.number = double(e);
      break;
  }
  return t;
}

void write(const Tree& t, std::string& out) {
  switch (t.kind) {
    case Tree::Kind::null: out += "null"; break;
    case Tree::Kind::boolean: out += t.boolean ? "true" : "false"; break;
    case Tree::Kind::number: out += util::format_number(t.number); break;
    case Tree::Kind::string: util::append_json_string(out, t.text); break;
    case Tree::Kind::array:
      out += '[';
      for (std::size_t i = 0; i < t.items.size(); ++i) {
        if (i) out += ',';
        write(t.items[i], out);
      }
      out += ']';
      break;
    case Tree::Kind::object:
      out += '{';
      for (std::size_t i = 0; i < t.keys.size(); ++i) {
        if (i) out += ',';
        util::append_json_string(out, t.keys[i]);
        out += ':';
        write(t.values[i], out);
      }
      out += '}';
      break;
  }
}

// lhci's merge (@lhci/utils lodash.js): `from` over `into`.
void merge(Tree& into, const Tree& from) {
  if (into.kind == Tree::Kind::array) {
    if (from.kind != Tree::Kind::array) {
      into = from;
      return;
    }
    for (std::size_t i = 0; i < from.items.size(); ++i) {
      if (i < into.items.size()) merge(into.items[i], from.items[i]);
      else into.items.push_back(from.items[i]);
    }
    return;
  }
  if (into.kind == Tree::Kind::object) {
    if (from.kind != Tree::Kind::object) {
      into = from;
      return;
    }
    for (std::size_t i = 0; i < from.keys.size(); ++i) {
      if (Tree* mine = into.find(from.keys[i])) merge(*mine, from.values[i]);
      else into.set(from.keys[i], from.values[i]);
    }
    return;
  }
  into = from;
}

Tree parse_tree(std::string_view json, const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.allocate(std::max<std::size_t>(json.size(), 64), util::limits().max_json_depth)) {
    throw util::Error(name, std::string("cannot be read: ") + simdjson::error_message(error));
  }
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    throw util::Error(name, std::string("not valid JSON: ") + simdjson::error_message(error));
  }
  return from_dom(root);
}

// The options lhci reads from one file: its sections spread into one, the assert
// section's options, and `extends`.
struct RcFile {
  Tree assert_options;  // an object
  std::string extends;
};

RcFile sections(const Tree& rc, const std::string& name) {
  if (!rc.is_object()) throw util::Error(name, "a lighthouserc is an object with a \"ci\" section");
  Tree flat;
  flat.kind = Tree::Kind::object;
  for (std::string_view section : {"ci", "lhci", "ci:client"}) {
    const Tree* s = rc.find(section);
    if (!s || s->kind == Tree::Kind::null) continue;
    if (!s->is_object()) throw util::Error(name, std::string(section) + ": expected an object");
    for (std::size_t i = 0; i < s->keys.size(); ++i) {
      if (section == "ci:client" && s->keys[i] == "server") continue;
      flat.set(s->keys[i], s->values[i]);
    }
  }
  RcFile out;
  out.assert_options.kind = Tree::Kind::object;
  if (const Tree* a = flat.find("assert"); a && a->kind != Tree::Kind::null) {
    if (!a->is_object()) throw util::Error(name, "ci.assert: expected an object");
    out.assert_options = *a;
  }
  if (const Tree* e = flat.find("extends"); e && e->kind != Tree::Kind::null) {
    if (e->kind != Tree::Kind::string) throw util::Error(name, "ci.extends: expected the path of a lighthouserc");
    out.extends = e->text;
  }
  return out;
}

// The assert options of `path` with its `extends` chain merged under them.
Tree resolve(const std::string& path, std::string_view json, std::vector<std::string>& chain) {
  std::error_code ec;
  const std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    chain.push_back(canonical);
    std::vector<std::string> names;
    for (const auto& c : chain) names.push_back(std::filesystem::path(c).filename().string());
    throw util::Error(path, "ci.extends goes round in a circle (" + util::join(names, " -> ") +
                                "); lhci would recurse until it runs out of stack");
  }
  if (chain.size() >= 32) throw util::Error(chain.front(), "ci.extends chains more than 32 files");
  chain.push_back(canonical);
  RcFile rc = sections(parse_tree(json, path), path);
  if (rc.extends.empty()) return rc.assert_options;
  const std::filesystem::path base = std::filesystem::path(path).parent_path() / rc.extends;
  if (!std::filesystem::exists(base, ec)) {
    throw util::Error(path, "ci.extends: " + base.string() + " does not exist (the path is relative to this file)");
  }
  const std::string base_json = read_config_json(base.string());
  Tree merged = resolve(base.string(), base_json, chain);
  merge(merged, rc.assert_options);
  return merged;
}

// yargs' view of the options: kebab-case names alias camelCase ones, and an empty
// object is no value.
void normalise_options(Tree& options) {
  static const std::map<std::string, std::string, std::less<>> k_aliases = {
      {"aggregation-method", "aggregationMethod"},   {"include-passed-assertions", "includePassedAssertions"},
      {"budgets-file", "budgetsFile"},               {"matching-url-pattern", "matchingUrlPattern"},
      {"assert-matrix", "assertMatrix"},
  };
  Tree out;
  out.kind = Tree::Kind::object;
  for (std::size_t i = 0; i < options.keys.size(); ++i) {
    auto alias = k_aliases.find(options.keys[i]);
    const std::string name = alias == k_aliases.end() ? options.keys[i] : alias->second;
    Tree& value = options.values[i];
    if (value.is_object() && value.size() == 0) continue;
    out.set(name, std::move(value));
  }
  options = std::move(out);
}

const Tree& presets() {
  static const Tree tree = [] {
    const std::string_view json = k_lhci_presets_json;
    Tree t = parse_tree(json, "(lhci presets)");
    return *t.find("presets");
  }();
  return tree;
}

// `preset` merged under one set of options (the top level, or an assertMatrix entry).
void apply_preset(Tree& options, const std::string& name, const std::string& where) {
  const Tree* preset = options.find("preset");
  if (!preset) return;
  if (preset->kind != Tree::Kind::string) throw util::Error(name, where + ".preset: expected a string");
  const Tree* list = presets().find(preset->text);
  if (!list) {
    throw util::Error(name, where + ".preset: \"" + preset->text +
                                "\" is not an lhci preset (lighthouse:all, lighthouse:recommended, lighthouse:no-pwa)");
  }
  Tree merged;
  merged.kind = Tree::Kind::object;
  merged.set("assertions", *list);
  options.erase("preset");
  merge(merged, options);
  options = std::move(merged);
}

}  // namespace

std::string resolve_lighthouserc(const std::string& path, std::string_view json) {
  std::vector<std::string> chain;
  Tree options = resolve(path, json, chain);
  normalise_options(options);
  if (const Tree* matrix = options.find("assertMatrix")) {
    for (std::string_view other : {"assertions", "preset", "budgetsFile", "aggregationMethod"}) {
      if (options.find(other)) {
        throw util::Error(path, "ci.assert: assertMatrix cannot be used with " + std::string(other) +
                                    " (lhci: \"Cannot use assertMatrix with other options\")");
      }
    }
    if (matrix->kind != Tree::Kind::array) throw util::Error(path, "ci.assert.assertMatrix: expected an array");
    Tree* entries = options.find("assertMatrix");
    for (std::size_t i = 0; i < entries->items.size(); ++i) {
      Tree& entry = entries->items[i];
      if (!entry.is_object()) throw util::Error(path, "ci.assert.assertMatrix[" + std::to_string(i) + "]: expected an object");
      normalise_options(entry);
      apply_preset(entry, path, "ci.assert.assertMatrix[" + std::to_string(i) + "]");
    }
  } else if (options.find("budgetsFile")) {
    for (std::string_view other : {"assertions", "preset"}) {
      if (options.find(other)) {
        throw util::Error(path, "ci.assert: budgetsFile cannot be used with " + std::string(other) +
                                    " (lhci refuses it too); move the assertions into an assertMatrix entry");
      }
    }
  }
  apply_preset(options, path, "ci.assert");
  Tree rc;
  rc.kind = Tree::Kind::object;
  Tree ci;
  ci.kind = Tree::Kind::object;
  ci.set("assert", std::move(options));
  rc.set("ci", std::move(ci));
  std::string out;
  write(rc, out);
  return out;
}

}  // namespace budget
