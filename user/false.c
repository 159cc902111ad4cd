/*
 * false: do nothing, unsuccessfully. Exits with status 1, whatever the
 * arguments.
 */
int main(void)
{
	return 1;
}
