/*
 * The CMOS real-time clock, read once at boot to learn the wall-clock
 * time; after that the PIT's jiffies count on from it (syscalls/time.c).
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

uint32_t boot_epoch;	/* seconds since 1970 at boot */

/* Returns CMOS register reg. */
static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

/* Returns v as a number: v itself in binary mode, else decoded from BCD. */
static int bcd(uint8_t v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint32_t days_since_epoch(int y, int m, int d)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	uint32_t days = (y - 1970) * 365 + before[m - 1] + d - 1;

	for (int yy = 1970; yy < y; yy++)
		days += (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		days++;
	return days;
}

/* Read the wall-clock time from the CMOS RTC into boot_epoch (seconds
 * since 1970, UTC). */
void rtc_init(void)
{
	while (cmos(0x0A) & 0x80)	/* wait out an update in progress */
		;
	uint8_t regb = cmos(0x0B);
	bool binary = regb & 0x04;
	int sec = bcd(cmos(0x00), binary), min = bcd(cmos(0x02), binary);
	uint8_t hr = cmos(0x04);
	int hour = bcd(hr & 0x7f, binary);
	int day = bcd(cmos(0x07), binary), mon = bcd(cmos(0x08), binary);
	int year = 2000 + bcd(cmos(0x09), binary);

	if (!(regb & 0x02) && (hr & 0x80))	/* 12-hour clock, PM */
		hour = (hour % 12) + 12;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return;
	boot_epoch = days_since_epoch(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}
