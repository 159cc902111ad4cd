/*
 * PS/2 keyboard (IRQ 1), scancode set 1, US layout: key presses become
 * characters for the console, as if they had come in on the serial line.
 * Shift and Ctrl are tracked; Ctrl-letter gives the control character
 * (Ctrl-D is end-of-file, Ctrl-U kills the line, as on the serial side).
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define KBD_DATA 0x60	  /* the 8042's data port: scan codes */
#define KBD_STATUS 0x64	  /* the 8042's status register */
#define KBD_STAT_OBF 0x01 /* status: output buffer full, a byte to read */

#define SC_RELEASE 0x80	 /* scan code bit: key released */
#define SC_KEY_MASK 0x7f /* scan code: the key number */
#define SC_EXTENDED 0xe0 /* prefix of the extended keys */
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL 0x1d
#define CTRL(c) ((c)&0x1f) /* the control character of a letter */

static const char normal[128] = {
	0,    27,  '1', '2', '3', '4', '5', '6', '7', '8', '9',	 '0', '-', '=',	 0x7f,
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',	 '[', ']', '\r', 0,
	'a',  's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',
	'x',  'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,   '*',	 0,   ' ',
};

static const char shifted[128] = {
	0,    27,  '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+',	0x7f,
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0,
	'A',  'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,	  '|',	'Z',
	'X',  'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,   '*', 0,   ' ',
};

static bool shift, ctrl;
static void (*key_handler)(char c); /* set by kbd_init */

/* Drain the controller's buffer and enable the keyboard IRQ; each typed
 * character is passed to input, in interrupt context. */
void kbd_init(void (*input)(char c))
{
	key_handler = input;
	while (inb(KBD_STATUS) & KBD_STAT_OBF) /* drop whatever the firmware left */
		inb(KBD_DATA);
	pic_unmask(IRQ_KBD);
}

/* IRQ 1: turn each scan code into a character (US layout, Shift and
 * Ctrl) and hand it to the input callback. */
void kbd_irq(void)
{
	while (inb(KBD_STATUS) & KBD_STAT_OBF) {
		uint8_t sc = inb(KBD_DATA);
		bool release = sc & SC_RELEASE;
		uint8_t key = sc & SC_KEY_MASK;

		if (key == SC_LSHIFT || key == SC_RSHIFT) {
			shift = !release;
			continue;
		}
		if (key == SC_CTRL) {
			ctrl = !release;
			continue;
		}
		if (release || sc == SC_EXTENDED)
			continue;
		char c = shift ? shifted[key] : normal[key];
		if (!c)
			continue;
		if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			c = CTRL(c);
		if (key_handler)
			key_handler(c);
	}
}
