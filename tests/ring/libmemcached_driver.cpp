/* Reference client for the ketama tests: which server libmemcached picks for each key.
 * Usage: libmemcached_driver HOST:PORT[:WEIGHT]... < keys; prints "key<TAB>host:port" per line.
 * Uses MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED and memcached_generate_hash, as the issue asks. */
#include <libmemcached/memcached.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  memcached_st* memc = memcached_create(nullptr);
  for (int i = 1; i < argc; ++i) {
    char host[256];
    unsigned port = 11211, weight = 1;
    char* spec = argv[i];
    const char* colon = std::strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    memcpy(host, spec, len);
    host[len] = 0;
    if (colon) sscanf(colon + 1, "%u:%u", &port, &weight);
    if (memcached_server_add_with_weight(memc, host, (in_port_t)port, weight) != MEMCACHED_SUCCESS) {
      fprintf(stderr, "cannot add %s\n", spec);
      return 2;
    }
  }
  memcached_behavior_set(memc, MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED, 1);
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\r\n");
    line[n] = 0;
    uint32_t index = memcached_generate_hash(memc, line, n);
    const memcached_instance_st* server = memcached_server_instance_by_position(memc, index);
    printf("%s\t%s:%u\n", line, memcached_server_name(server), (unsigned)memcached_server_port(server));
  }
  memcached_free(memc);
  return 0;
}
