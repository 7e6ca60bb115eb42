// libpq's functions, loaded the first time a postgresql:// history is opened
// (util/library.hpp says why).
#pragma once

#include <libpq-fe.h>

#include "util/library.hpp"

#define PERFGATE_PQ_FUNCTIONS(X)                                                                                   \
  X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQexec) X(PQexecParams) X(PQresultStatus)            \
  X(PQresultErrorMessage) X(PQclear) X(PQntuples) X(PQgetisnull) X(PQgetvalue)

namespace history {

struct Pq {
  PERFGATE_PQ_FUNCTIONS(PERFGATE_LIBRARY_MEMBER)
};

// Return libpq's functions, loading it the first time; throws util::Error when it
// cannot be loaded.
const Pq& libpq();

}  // namespace history
