/*
 * A Kafka-protocol cluster for tests: librdkafka's built-in mock cluster (the one Confluent tests
 * its own clients against), driven by commands on stdin. No Docker, no JVM.
 *
 *   launcher <brokers>            prints "bootstrap <host:port,...>" once the cluster is up
 *   topic <name> <partitions>     creates a topic (replication factor 1) unless it exists
 *   down <broker id> / up <id>    takes a broker off the network and back (ids from 1)
 *   rtt <broker id> <ms>          delays a broker's responses
 *   errors <api key> <count> <error code>
 *                                 fails the next <count> requests of that API (0 = Produce)
 * Each command answers "ok" or "error <reason>". End of input stops the cluster.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ERRORS 64

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "cannot create a client handle: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (!cluster) {
    fprintf(stderr, "cannot create the mock cluster\n");
    return 1;
  }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char line[1024], name[512];
  int a, b, c;
  while (fgets(line, sizeof line, stdin)) {
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (sscanf(line, "topic %511s %d", name, &a) == 2) {
      err = rd_kafka_mock_topic_create(cluster, name, a, 1);
      /* Creating a topic that exists is a no-op, as with a manifest applied twice. */
      if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) err = RD_KAFKA_RESP_ERR_NO_ERROR;
    } else if (sscanf(line, "down %d", &a) == 1) {
      err = rd_kafka_mock_broker_set_down(cluster, a);
    } else if (sscanf(line, "up %d", &a) == 1) {
      err = rd_kafka_mock_broker_set_up(cluster, a);
    } else if (sscanf(line, "rtt %d %d", &a, &b) == 2) {
      err = rd_kafka_mock_broker_set_rtt(cluster, a, b);
    } else if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3 && b > 0 && b <= MAX_ERRORS) {
      rd_kafka_resp_err_t errors[MAX_ERRORS];
      for (int i = 0; i < b; i++) errors[i] = (rd_kafka_resp_err_t)c;
      rd_kafka_mock_push_request_errors_array(cluster, (int16_t)a, (size_t)b, errors);
    } else {
      printf("error unknown command\n");
      fflush(stdout);
      continue;
    }
    if (err) printf("error %s\n", rd_kafka_err2str(err));
    else printf("ok\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
