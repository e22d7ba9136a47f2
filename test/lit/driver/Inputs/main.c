/* The main of the linked fixtures. */
int greenc_fixture_stub(int x);
int main(void) { return greenc_fixture_stub(-1); }
