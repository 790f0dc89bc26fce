/* A stand-in HTTP SMS gateway that answers at once, so that what is measured is the sender, not the gateway:
 * on 127.0.0.1 (an ephemeral port, printed on stdout), one connection at a time, it reads a request's header
 * (and a Content-Length body), appends one line to RECORD, and answers like Kannel's sendsms
 * (`202`, `0: Accepted for delivery`), then closes the connection.
 *
 *   cc -O2 -o fast-gateway bench/fast-gateway.c && ./fast-gateway RECORD
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

static const char reply[] =
    "HTTP/1.1 202 Accepted\r\nContent-Type: text/html\r\nContent-Length: 24\r\nConnection: close\r\n\r\n"
    "0: Accepted for delivery";

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: fast-gateway RECORD\n"); return 64; }
    int record = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0644);
    int server = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof address;
    if (record < 0 || bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 128) != 0 ||
        getsockname(server, (struct sockaddr *)&address, &length) != 0) {
        perror("fast-gateway");
        return 71;
    }
    printf("%d\n", ntohs(address.sin_port));
    fflush(stdout);
    for (;;) {
        int client = accept(server, NULL, NULL);
        if (client < 0) continue;
        char buffer[65536];
        size_t have = 0;
        char *end = NULL;
        while (have < sizeof buffer - 1) {
            ssize_t n = read(client, buffer + have, sizeof buffer - 1 - have);
            if (n <= 0) break;
            have += (size_t)n;
            buffer[have] = 0;
            if ((end = strstr(buffer, "\r\n\r\n")) != NULL) break;
        }
        if (end != NULL) {
            char *field = strcasestr(buffer, "\r\ncontent-length:");
            size_t body = field != NULL && field < end ? strtoul(field + 17, NULL, 10) : 0;
            size_t header = (size_t)(end + 4 - buffer);
            while (have < header + body && have < sizeof buffer - 1) {
                ssize_t n = read(client, buffer + have, sizeof buffer - 1 - have);
                if (n <= 0) break;
                have += (size_t)n;
            }
            char *line_end = strstr(buffer, "\r\n");
            if (line_end != NULL) {
                *line_end = '\n';
                (void)!write(record, buffer, (size_t)(line_end + 1 - buffer));
            }
            (void)!write(client, reply, sizeof reply - 1);
        }
        close(client);
    }
}
