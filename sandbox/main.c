/* main.c — bankterm-sandbox entry point (placeholder until the sandbox lands). */
#include <stdio.h>

int main(void)
{
	fputs("bankterm-sandbox: not implemented yet\n", stderr);
	return 1;
}
