/*
 * console: a console program that knows nothing about services: the sample
 * wrapped program (examples/wrapdemo) and the wrapper's test program. Its
 * arguments are steps, run in order:
 *
 *   argv                 print each argument as "arg[i]=<text>" (stdout)
 *   env NAME             print "env NAME=<value>" or "env NAME unset"
 *   out TEXT / err TEXT  print TEXT on stdout / stderr
 *   break-exit CODE      on Ctrl+Break: print "ctrl-break", exit with CODE
 *   ctrlc-exit CODE      on Ctrl+C: print "ctrl-c", exit with CODE
 *   break-ignore         on Ctrl+Break or Ctrl+C: print "ctrl-break ignored", keep running
 *   window CODE          open a top-level window; on WM_CLOSE print "wm-close", exit with CODE
 *                        (prints "window=<hwnd>", or "window-failed <error>")
 *   touch PATH           create the file PATH
 *   exit-on-file PATH CODE  from now on, exit with CODE once the file PATH exists (checked every 50 ms)
 *   spawn                start a grandchild ("<self> hang"), print "grandchild=<pid>"
 *   sleep MS             sleep
 *   listen PORT          accept TCP connections on 127.0.0.1:PORT (a health check)
 *   listen-env NAME      the same on HOST:PORT read from environment variable NAME
 *                        (":PORT" listens on all interfaces); prints "listening=HOST:PORT"
 *   http-exit            from now on, a request for /exit/CODE on the listening port is
 *                        answered "exiting", then the program prints "exit requested code=CODE"
 *                        and exits with CODE (how a test makes the running program exit)
 *   get-env NAME PATH    send "GET PATH" to the HOST:PORT in environment variable NAME (an
 *                        empty or 0.0.0.0 host: 127.0.0.1), print "get PATH: <status line>";
 *                        exit 99 unless the answer is 200 (a stop command for http-exit)
 *   flood MB             write MB megabytes of numbered lines, alternating stdout
 *                        and stderr: "seq=<n> stream=<s> <padding>"
 *   alloc MB             commit and touch MB megabytes; print "alloc-ok" or "alloc-failed"
 *   exit CODE            exit with CODE (decimal, 0 to 4294967295)
 *   crash                dereference NULL
 *   hang                 wait forever
 *   spin MS              keep every processor busy for MS milliseconds of wall
 *                        time (one thread per processor); print "spin-done threads=<n>"
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -o console.exe console.c -lws2_32
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile LONG break_code = -1;
static volatile LONG ctrlc_code = -1;
static volatile LONG break_ignore = 0;

static BOOL WINAPI on_ctrl(DWORD type) {
	if (type != CTRL_BREAK_EVENT && type != CTRL_C_EVENT)
		return FALSE;
	if (break_ignore) {
		printf("ctrl-break ignored\n");
		fflush(stdout);
		return TRUE;
	}
	if (type == CTRL_BREAK_EVENT && break_code >= 0) {
		printf("ctrl-break\n");
		fflush(stdout);
		ExitProcess((UINT)break_code);
	}
	if (type == CTRL_C_EVENT && ctrlc_code >= 0) {
		printf("ctrl-c\n");
		fflush(stdout);
		ExitProcess((UINT)ctrlc_code);
	}
	return FALSE;
}

static UINT window_code;

static LRESULT CALLBACK window_proc(HWND w, UINT msg, WPARAM wp, LPARAM lp) {
	if (msg == WM_CLOSE) {
		printf("wm-close\n");
		fflush(stdout);
		ExitProcess(window_code);
	}
	return DefWindowProcW(w, msg, wp, lp);
}

/* window_loop owns the window: a window's messages reach the thread that made it. */
static DWORD WINAPI window_loop(LPVOID ready) {
	WNDCLASSW wc = {0};
	wc.lpfnWndProc = window_proc;
	wc.hInstance = GetModuleHandleW(NULL);
	wc.lpszClassName = L"wrapdemo-console";
	HWND w = RegisterClassW(&wc) ? CreateWindowExW(0, wc.lpszClassName, L"wrapdemo", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100,
	                                               NULL, NULL, wc.hInstance, NULL)
	                             : NULL;
	if (w)
		printf("window=%p\n", (void *)w);
	else
		printf("window-failed %lu\n", (unsigned long)GetLastError());
	fflush(stdout);
	SetEvent((HANDLE)ready);
	if (!w)
		return 1;
	MSG m;
	while (GetMessageW(&m, NULL, 0, 0) > 0) {
		TranslateMessage(&m);
		DispatchMessageW(&m);
	}
	return 0;
}

static void open_window(UINT code) {
	window_code = code;
	HANDLE ready = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!ready || !CreateThread(NULL, 0, window_loop, ready, 0, NULL))
		exit(95);
	WaitForSingleObject(ready, INFINITE);
}

static char exit_file[MAX_PATH];
static UINT exit_file_code;

static DWORD WINAPI exit_file_loop(LPVOID arg) {
	(void)arg;
	for (;;) {
		if (GetFileAttributesA(exit_file) != INVALID_FILE_ATTRIBUTES) {
			printf("exit-file found\n");
			fflush(stdout);
			ExitProcess(exit_file_code);
		}
		Sleep(50);
	}
}

/* code reads a decimal exit code: the whole DWORD range (atol stops at 2^31 - 1). */
static UINT code(const char *s) { return (UINT)strtoul(s, NULL, 10); }

static volatile LONG http_exit = 0;

/* exit_request reads the code of a "GET /exit/CODE " request line; FALSE for
 * any other request. */
static BOOL exit_request(const char *req, UINT *out) {
	static const char prefix[] = "GET /exit/";
	if (strncmp(req, prefix, sizeof prefix - 1))
		return FALSE;
	const char *digits = req + sizeof prefix - 1;
	char *end = NULL;
	unsigned long long n = _strtoui64(digits, &end, 10);
	if (end == digits || *end != ' ' || n > 0xFFFFFFFFull)
		return FALSE;
	*out = (UINT)n;
	return TRUE;
}

static DWORD WINAPI accept_loop(LPVOID arg) {
	SOCKET s = (SOCKET)(ULONG_PTR)arg;
	for (;;) {
		SOCKET c = accept(s, NULL, NULL);
		if (c == INVALID_SOCKET)
			return 1;
		/* One thread answers every client: one that connects and sends
		 * nothing must not stall the others (the health check among them). */
		DWORD timeout_ms = 2000;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout_ms, sizeof timeout_ms);
		const char *resp = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
		char buf[1024];
		int n = recv(c, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		UINT exit_code;
		if (http_exit && exit_request(buf, &exit_code)) {
			const char *bye = "HTTP/1.0 200 OK\r\nContent-Length: 7\r\n\r\nexiting";
			send(c, bye, (int)strlen(bye), 0);
			closesocket(c);
			printf("exit requested code=%u\n", exit_code);
			fflush(stdout);
			fflush(stderr);
			ExitProcess(exit_code);
		}
		send(c, resp, (int)strlen(resp), 0);
		closesocket(c);
	}
}

/* listen_at accepts connections on addr (network byte order) and port,
 * answering each with HTTP 200 "ok". */
static void listen_at(u_long addr, int port) {
	WSADATA wsa;
	if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
		exit(90);
	SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_port = htons((u_short)port);
	a.sin_addr.s_addr = addr;
	if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0)
		exit(91);
	CreateThread(NULL, 0, accept_loop, (LPVOID)(ULONG_PTR)s, 0, NULL);
}

static void listen_on(int port) {
	listen_at(htonl(INADDR_LOOPBACK), port);
	printf("listening=%d\n", port);
	fflush(stdout);
}

/* listen_env listens on the HOST:PORT in environment variable name; an empty
 * HOST (":PORT") means every interface. Exit 92: unset or malformed. */
static void listen_env(const char *name) {
	char val[256];
	DWORD n = GetEnvironmentVariableA(name, val, sizeof val);
	if (n == 0 || n >= sizeof val) {
		fprintf(stderr, "listen-env: %s is unset or too long\n", name);
		exit(92);
	}
	char *colon = strrchr(val, ':');
	char *end = NULL;
	long port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || end == colon + 1 || *end != '\0' || port < 1 || port > 65535) {
		fprintf(stderr, "listen-env: %s=%s is not HOST:PORT\n", name, val);
		exit(92);
	}
	*colon = '\0';
	u_long addr = htonl(INADDR_ANY);
	if (val[0] != '\0' && (addr = inet_addr(val)) == INADDR_NONE) {
		fprintf(stderr, "listen-env: %s: host %s is not an IPv4 address\n", name, val);
		exit(92);
	}
	listen_at(addr, (int)port);
	printf("listening=%s:%ld\n", val, port);
	fflush(stdout);
}

/* get_env sends "GET path" to the HOST:PORT in environment variable name and
 * prints the answer's status line. Exit 99: no 200 answer. */
static void get_env(const char *name, const char *path) {
	char val[256];
	DWORD n = GetEnvironmentVariableA(name, val, sizeof val);
	char *colon = (n > 0 && n < sizeof val) ? strrchr(val, ':') : NULL;
	int port = colon ? atoi(colon + 1) : 0;
	if (!colon || port < 1 || port > 65535) {
		fprintf(stderr, "get-env: %s is not HOST:PORT\n", name);
		exit(99);
	}
	*colon = '\0';
	u_long addr = inet_addr(val);
	if (val[0] == '\0' || addr == INADDR_ANY)
		addr = htonl(INADDR_LOOPBACK);
	WSADATA wsa;
	SOCKET s = INVALID_SOCKET;
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_port = htons((u_short)port);
	a.sin_addr.s_addr = addr;
	char req[512], resp[512];
	int len = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n\r\n", path);
	int got = 0;
	if (WSAStartup(MAKEWORD(2, 2), &wsa) == 0 && (s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) != INVALID_SOCKET &&
	    connect(s, (struct sockaddr *)&a, sizeof a) == 0 && len > 0 && len < (int)sizeof req &&
	    send(s, req, len, 0) == len) {
		int r;
		while (got < (int)sizeof resp - 1 && (r = recv(s, resp + got, (int)sizeof resp - 1 - got, 0)) > 0)
			got += r;
	}
	resp[got] = '\0';
	char *eol = strstr(resp, "\r\n");
	if (eol)
		*eol = '\0';
	printf("get %s: %s\n", path, got ? resp : "no answer");
	fflush(stdout);
	if (strncmp(resp, "HTTP/1.0 200 ", 13) && strncmp(resp, "HTTP/1.1 200 ", 13))
		exit(99);
}

static void spawn(void) {
	wchar_t self[MAX_PATH];
	GetModuleFileNameW(NULL, self, MAX_PATH);
	wchar_t cmd[MAX_PATH + 16];
	_snwprintf(cmd, MAX_PATH + 16, L"\"%ls\" hang", self);
	STARTUPINFOW si = {sizeof si};
	PROCESS_INFORMATION pi;
	if (!CreateProcessW(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
		exit(92);
	printf("grandchild=%lu\n", (unsigned long)pi.dwProcessId);
	fflush(stdout);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
}

static volatile ULONGLONG spin_until;

static DWORD WINAPI spin_loop(LPVOID arg) {
	(void)arg;
	while (GetTickCount64() < spin_until)
		;
	return 0;
}

/* spin busies one thread per processor until ms of wall time have passed:
 * uncapped, the tree's CPU time is about the number of processors times ms. */
static void spin(long ms) {
	SYSTEM_INFO si;
	GetSystemInfo(&si);
	DWORD n = si.dwNumberOfProcessors ? si.dwNumberOfProcessors : 1;
	HANDLE *t = calloc(n, sizeof *t);
	if (!t)
		exit(93);
	spin_until = GetTickCount64() + (ULONGLONG)ms;
	for (DWORD k = 0; k < n; k++)
		if (!(t[k] = CreateThread(NULL, 0, spin_loop, NULL, 0, NULL)))
			exit(94);
	for (DWORD k = 0; k < n; k++)
		WaitForSingleObject(t[k], INFINITE), CloseHandle(t[k]);
	free(t);
	printf("spin-done threads=%lu\n", (unsigned long)n);
}

static void flood(long mb) {
	static char line[200];
	long long total = (long long)mb << 20, written = 0;
	unsigned long seq = 0;
	char pad[101];
	memset(pad, 'x', 100);
	pad[100] = 0;
	while (written < total) {
		FILE *f = (seq & 1) ? stderr : stdout;
		int n = snprintf(line, sizeof line, "seq=%lu stream=%s %s\n", seq, (seq & 1) ? "stderr" : "stdout", pad);
		fwrite(line, 1, (size_t)n, f);
		written += n;
		seq++;
	}
	fflush(stdout);
	fflush(stderr);
	printf("flood-done lines=%lu\n", seq);
	fflush(stdout);
}

int main(int argc, char **argv) {
	/* Full buffering: the flood is as fast as the C runtime can write. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	SetConsoleCtrlHandler(on_ctrl, TRUE);
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : "";
		if (!strcmp(s, "argv")) {
			for (int j = 0; j < argc; j++)
				printf("arg[%d]=%s\n", j, argv[j]);
		} else if (!strcmp(s, "env")) {
			const char *v = getenv(next);
			if (v)
				printf("env %s=%s\n", next, v);
			else
				printf("env %s unset\n", next);
			i++;
		} else if (!strcmp(s, "out")) {
			printf("%s\n", next), i++;
		} else if (!strcmp(s, "err")) {
			fprintf(stderr, "%s\n", next), i++;
		} else if (!strcmp(s, "break-exit")) {
			break_code = atol(next), i++;
		} else if (!strcmp(s, "ctrlc-exit")) {
			ctrlc_code = atol(next), i++;
		} else if (!strcmp(s, "window")) {
			open_window(code(next)), i++;
		} else if (!strcmp(s, "touch")) {
			HANDLE f = CreateFileA(next, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
			if (f == INVALID_HANDLE_VALUE)
				exit(96);
			CloseHandle(f);
			printf("touched %s\n", next);
			i++;
		} else if (!strcmp(s, "exit-on-file")) {
			const char *c = i + 2 < argc ? argv[i + 2] : "0";
			if (strlen(next) >= sizeof exit_file)
				exit(97);
			strcpy(exit_file, next);
			exit_file_code = code(c);
			if (!CreateThread(NULL, 0, exit_file_loop, NULL, 0, NULL))
				exit(98);
			i += 2;
		} else if (!strcmp(s, "break-ignore")) {
			break_ignore = 1;
		} else if (!strcmp(s, "spawn")) {
			spawn();
		} else if (!strcmp(s, "sleep")) {
			fflush(stdout), fflush(stderr);
			Sleep((DWORD)atol(next)), i++;
		} else if (!strcmp(s, "listen")) {
			listen_on(atoi(next)), i++;
		} else if (!strcmp(s, "listen-env")) {
			listen_env(next), i++;
		} else if (!strcmp(s, "http-exit")) {
			http_exit = 1;
		} else if (!strcmp(s, "get-env")) {
			if (i + 2 >= argc) {
				fprintf(stderr, "get-env: NAME and PATH expected\n");
				return 2;
			}
			get_env(next, argv[i + 2]), i += 2;
		} else if (!strcmp(s, "flood")) {
			flood(atol(next)), i++;
		} else if (!strcmp(s, "alloc")) {
			SIZE_T n = (SIZE_T)atol(next) << 20;
			i++;
			char *m = VirtualAlloc(NULL, n, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
			if (m) {
				for (SIZE_T k = 0; k < n; k += 4096)
					m[k] = 1;
			}
			printf(m ? "alloc-ok\n" : "alloc-failed\n");
		} else if (!strcmp(s, "exit")) {
			fflush(stdout), fflush(stderr);
			ExitProcess(code(next));
		} else if (!strcmp(s, "crash")) {
			fflush(stdout), fflush(stderr);
			*(volatile int *)0 = 1;
		} else if (!strcmp(s, "hang")) {
			fflush(stdout), fflush(stderr);
			for (;;)
				Sleep(INFINITE);
		} else if (!strcmp(s, "spin")) {
			spin(atol(next)), i++;
		} else {
			fprintf(stderr, "child: unknown step %s\n", s);
			return 2;
		}
		fflush(stdout);
		fflush(stderr);
	}
	return 0;
}
