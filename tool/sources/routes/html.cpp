// An HTML page's own requests for JS and CSS, read with gumbo (Debian's
// libgumbo, an HTML5 parser): the tree as a browser builds it, so a <script>
// inside a comment or a <template> is not one.
#include "sources/routes/build.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace sources::routes {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string(a->value) : std::string();
}

bool has_attr(const GumboElement& e, const char* name) { return gumbo_get_attribute(&e.attributes, name) != nullptr; }

// The space-separated tokens of rel="...", lower-cased.
std::vector<std::string> tokens(const std::string& value) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : value) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(lower(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(lower(cur));
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The tag name as written, for custom elements gumbo does not know.
std::string tag_name(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower(std::string_view(piece.data, piece.length));
}

std::uint64_t text_bytes(const GumboNode& node) {
  std::uint64_t n = 0;
  const GumboVector& kids = node.v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_CDATA) {
      n += std::string_view(k->v.text.text).size();
    }
  }
  return n;
}

bool script_type_runs(const std::string& type) {
  const std::string t = lower(util::trim(type));
  return t.empty() || t == "module" || t == "text/javascript" || t == "application/javascript";
}

}  // namespace

PageRefs read_page_refs(const std::string& html, const std::string& name) {
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!out) throw util::Error(name, "the HTML parser gave up on this page");
  PageRefs refs;
  std::vector<const GumboNode*> stack{out->root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEMPLATE) continue;  // inert until a script clones it
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    const std::string tag = tag_name(e);
    if (tag == "script") {
      const std::string src = attr(e, "src");
      if (src.empty()) {
        refs.inline_bytes += text_bytes(*node);
      } else if (has_attr(e, "nomodule")) {
        refs.skipped.push_back(src);
      } else if (script_type_runs(attr(e, "type"))) {
        refs.loads.emplace_back(src, "html");
      }
    } else if (tag == "base") {
      if (refs.base.empty()) refs.base = attr(e, "href");
    } else if (tag == "style") {
      refs.inline_bytes += text_bytes(*node);
    } else if (tag == "link") {
      const auto rel = tokens(attr(e, "rel"));
      const std::string href = attr(e, "href");
      const std::string as = lower(attr(e, "as"));
      if (!href.empty()) {
        if (contains(rel, "stylesheet") && !contains(rel, "alternate")) {
          refs.loads.emplace_back(href, "html");
        } else if (contains(rel, "modulepreload") && (as.empty() || as == "script")) {
          refs.loads.emplace_back(href, "html");
        } else if (contains(rel, "preload") && (as == "script" || as == "style")) {
          refs.loads.emplace_back(href, "html");
        } else if (contains(rel, "prefetch")) {
          refs.lazy.push_back(href);
        }
      }
    } else if (tag == "astro-island") {
      // Astro starts each island with an inline import() of these two URLs.
      for (const char* a : {"renderer-url", "component-url", "before-hydration-url"}) {
        const std::string url = attr(e, a);
        if (!url.empty()) refs.loads.emplace_back(url, "island");
      }
    }
    const GumboVector& kids = e.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return refs;
}

}  // namespace sources::routes
