// perfgate: a gate for frontend performance budgets. Everything lives in the
// library; main() only hands over the command line.
#include "cli/app.hpp"

int main(int argc, char** argv) {
  return cli::run(argc, argv);
}
