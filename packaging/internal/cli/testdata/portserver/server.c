/*
 * server: the "vendor's console program" of cmd/svcpack's adoption test
 * (TestAdoptWrappedProgram): it knows nothing of services or svcpack. It takes
 * its port, and only its port, from the environment variable PORT, answers
 * every HTTP request on 127.0.0.1:PORT with 200 "ok", and exits 0 on Ctrl+Break
 * or Ctrl+C. A missing or bad PORT, or a port it cannot bind, is exit code 2.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -o server.exe server.c -lws2_32
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static BOOL WINAPI on_ctrl(DWORD type) {
	if (type != CTRL_BREAK_EVENT && type != CTRL_C_EVENT)
		return FALSE;
	printf("stopping\n");
	fflush(stdout);
	ExitProcess(0);
	return TRUE;
}

int main(void) {
	const char *text = getenv("PORT");
	char *end = NULL;
	long port = text ? strtol(text, &end, 10) : 0;
	if (!text || end == text || *end != '\0' || port < 1 || port > 65535) {
		fprintf(stderr, "PORT=%.32s is not a port (1-65535)\n", text ? text : "(unset)");
		return 2;
	}
	SetConsoleCtrlHandler(on_ctrl, TRUE);
	WSADATA wsa;
	if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
		return 2;
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((u_short)port);
	SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0) {
		fprintf(stderr, "cannot listen on 127.0.0.1:%ld (error %d)\n", port, WSAGetLastError());
		return 2;
	}
	printf("listening on 127.0.0.1:%ld\n", port);
	fflush(stdout);
	static const char answer[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
	for (;;) {
		SOCKET c = accept(s, NULL, NULL);
		if (c == INVALID_SOCKET)
			continue;
		char req[2048];
		recv(c, req, sizeof req, 0); /* the request line and headers: any request is answered */
		send(c, answer, (int)(sizeof answer - 1), 0);
		shutdown(c, SD_SEND);
		closesocket(c);
	}
}
