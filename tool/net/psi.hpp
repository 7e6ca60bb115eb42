// PageSpeed Insights v5 answers: the Lighthouse report inside, or PSI's own error.
#pragma once

#include <string>
#include <string_view>

namespace net {

// Return the raw JSON of `body`'s lighthouseResult; throws util::Error naming
// `where` with PSI's error message, or saying what is wrong with the answer.
std::string psi_lighthouse_report(std::string_view body, const std::string& where);

}  // namespace net
