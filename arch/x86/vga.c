/*
 * VGA text mode (80x25 at physical 0xB8000): a mirror of the serial
 * console, with scrolling and the hardware cursor following the text.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/arch.h>

#define COLS 80
#define ROWS 25
#define ATTR 0x0700	/* light grey on black */

static uint16_t *const vga = (uint16_t *)P2V(0xB8000);
static int row, col;

/* Put the hardware cursor at (row, col). */
static void move_cursor(void)
{
	uint16_t pos = row * COLS + col;
	outb(0x3D4, 14);
	outb(0x3D5, pos >> 8);
	outb(0x3D4, 15);
	outb(0x3D5, pos & 0xFF);
}

/* Blank the screen and home the cursor. */
void vga_clear(void)
{
	for (int i = 0; i < COLS * ROWS; i++)
		vga[i] = ATTR | ' ';
	row = col = 0;
	move_cursor();
}

/* Move every line up one and blank the last; the cursor row becomes the last. */
static void scroll(void)
{
	memmove(vga, vga + COLS, (ROWS - 1) * COLS * 2);
	for (int i = 0; i < COLS; i++)
		vga[(ROWS - 1) * COLS + i] = ATTR | ' ';
	row = ROWS - 1;
}

/* Write c at the cursor, handling newline, carriage return, tab and
 * backspace, scrolling at the bottom. */
void vga_putc(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			vga[row * COLS + --col] = ATTR | ' ';
		break;
	case '\t':
		col = (col + 8) & ~7;
		break;
	default:
		vga[row * COLS + col] = ATTR | (uint8_t)c;
		col++;
	}
	if (col >= COLS) {
		col = 0;
		row++;
	}
	if (row >= ROWS)
		scroll();
	move_cursor();
}

/* Write the n bytes at s at the cursor. */
void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
}
