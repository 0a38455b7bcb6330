// SPDX-License-Identifier: GPL-2.0
/*
 * sg-gpio-sim: a simulated GPIO chip for SensorGate's virtual-machine test.
 *
 * Copyright (C) 2026 the SensorGate authors.
 * Licensed under the GNU General Public License, version 2 (GPL-2.0), like the kernel it loads into.
 *
 * Debian's kernel has neither gpio-sim nor gpio-mockup, so the VM test carries this one. It registers one
 * gpio_chip (label "sg-gpio-sim") with four lines that userspace reaches through the GPIO character device
 * (/dev/gpiochipN) like any other chip:
 *
 *   0 LOOP_OUT  a line the test drives as an output;
 *   1 LOOP_IN   wired to line 0 like a jumper on a bench: while line 0 is an output, line 1 reads its level;
 *   2 EXT_IN2   inputs whose level is set from userspace through debugfs:
 *   3 EXT_IN3       echo 1 > /sys/kernel/debug/sg-gpio-sim/line3
 *
 * (Any line's debugfs file sets the level it reads as an input; line 1 follows line 0 only while line 0
 * is an output.) Inputs raise edge interrupts (rising, falling or both) through an irq_chip of its own,
 * fired from a hard irq_work, so the character device's edge events carry the kernel's timestamps as
 * they do on real hardware. Two edges of one line before the interrupt runs are delivered as one.
 */

#include <linux/bitops.h>
#include <linux/debugfs.h>
#include <linux/gpio/driver.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#define SG_NGPIO 4
#define SG_LOOP_OUT 0
#define SG_LOOP_IN 1

static const char *const sg_line_names[SG_NGPIO] = { "LOOP_OUT", "LOOP_IN", "EXT_IN2", "EXT_IN3" };

struct sg_gpio_sim {
	struct gpio_chip gc;
	spinlock_t lock;
	unsigned long is_output; /* bit per line: requested as an output */
	unsigned long out_value; /* bit per line: the level driven as an output */
	unsigned long pulled;    /* bit per line: the level set from debugfs */
	unsigned long levels;    /* bit per line: the level last seen on the line */
	unsigned long irq_enabled;
	unsigned long pending;   /* edges waiting for the irq_work */
	unsigned int irq_type[SG_NGPIO];
	struct irq_work work;
	struct dentry *dir;
};

static struct platform_device *sg_pdev;
static struct sg_gpio_sim *sg_sim;

/* The level on a line: what it drives as an output, the jumper for line 1, else the debugfs level. */
static bool sg_level(struct sg_gpio_sim *sim, unsigned int offset)
{
	if (test_bit(offset, &sim->is_output))
		return test_bit(offset, &sim->out_value);
	if (offset == SG_LOOP_IN && test_bit(SG_LOOP_OUT, &sim->is_output))
		return test_bit(SG_LOOP_OUT, &sim->out_value);
	return test_bit(offset, &sim->pulled);
}

/* Recomputes every level and queues an interrupt for each input edge its trigger type asks for. */
static void sg_update_locked(struct sg_gpio_sim *sim)
{
	unsigned int offset;
	bool queue = false;

	for (offset = 0; offset < SG_NGPIO; offset++) {
		bool now = sg_level(sim, offset);
		unsigned int type;

		if (now == test_bit(offset, &sim->levels))
			continue;
		assign_bit(offset, &sim->levels, now);
		if (test_bit(offset, &sim->is_output) || !test_bit(offset, &sim->irq_enabled))
			continue;
		type = sim->irq_type[offset];
		if ((now && (type & IRQ_TYPE_EDGE_RISING)) || (!now && (type & IRQ_TYPE_EDGE_FALLING))) {
			set_bit(offset, &sim->pending);
			queue = true;
		}
	}
	if (queue)
		irq_work_queue(&sim->work);
}

static void sg_irq_work(struct irq_work *work)
{
	struct sg_gpio_sim *sim = container_of(work, struct sg_gpio_sim, work);
	unsigned long pending = xchg(&sim->pending, 0);
	unsigned int offset;

	for_each_set_bit(offset, &pending, SG_NGPIO)
		generic_handle_domain_irq(sim->gc.irq.domain, offset);
}

static int sg_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);

	return test_bit(offset, &sim->is_output) ? GPIO_LINE_DIRECTION_OUT : GPIO_LINE_DIRECTION_IN;
}

static int sg_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	clear_bit(offset, &sim->is_output);
	sg_update_locked(sim);
	spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}

static int sg_direction_output(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	assign_bit(offset, &sim->out_value, value);
	set_bit(offset, &sim->is_output);
	sg_update_locked(sim);
	spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}

static int sg_get(struct gpio_chip *gc, unsigned int offset)
{
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	unsigned long flags;
	bool level;

	spin_lock_irqsave(&sim->lock, flags);
	level = sg_level(sim, offset);
	spin_unlock_irqrestore(&sim->lock, flags);
	return level;
}

static void sg_set(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	assign_bit(offset, &sim->out_value, value);
	sg_update_locked(sim);
	spin_unlock_irqrestore(&sim->lock, flags);
}

static void sg_irq_mask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	clear_bit(hwirq, &sim->irq_enabled);
	gpiochip_disable_irq(gc, hwirq);
}

static void sg_irq_unmask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	gpiochip_enable_irq(gc, hwirq);
	set_bit(hwirq, &sim->irq_enabled);
}

static int sg_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sg_gpio_sim *sim = gpiochip_get_data(gc);

	if (type & ~IRQ_TYPE_EDGE_BOTH)
		return -EINVAL; /* edges only, as the character device requests */
	sim->irq_type[irqd_to_hwirq(d)] = type;
	return 0;
}

static const struct irq_chip sg_irq_chip = {
	.name = "sg-gpio-sim",
	.irq_mask = sg_irq_mask,
	.irq_unmask = sg_irq_unmask,
	.irq_set_type = sg_irq_set_type,
	.flags = IRQCHIP_IMMUTABLE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

/* debugfs: lineN reads the line's level and takes 0 or 1, the level the line reads as an input. */
static ssize_t sg_line_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long offset = (unsigned long)file->private_data;
	char text[3];

	text[0] = sg_get(&sg_sim->gc, offset) ? '1' : '0';
	text[1] = '\n';
	text[2] = '\0';
	return simple_read_from_buffer(buf, count, ppos, text, 2);
}

static ssize_t sg_line_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long offset = (unsigned long)file->private_data;
	unsigned long flags;
	bool value;
	int ret;

	ret = kstrtobool_from_user(buf, count, &value);
	if (ret)
		return ret;
	spin_lock_irqsave(&sg_sim->lock, flags);
	assign_bit(offset, &sg_sim->pulled, value);
	sg_update_locked(sg_sim);
	spin_unlock_irqrestore(&sg_sim->lock, flags);
	return count;
}

static const struct file_operations sg_line_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sg_line_read,
	.write = sg_line_write,
	.llseek = default_llseek,
};

static int __init sg_gpio_sim_init(void)
{
	struct gpio_irq_chip *girq;
	unsigned long offset;
	int ret;

	sg_pdev = platform_device_register_simple("sg-gpio-sim", PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(sg_pdev))
		return PTR_ERR(sg_pdev);
	sg_sim = kzalloc(sizeof(*sg_sim), GFP_KERNEL);
	if (!sg_sim) {
		ret = -ENOMEM;
		goto unregister;
	}
	spin_lock_init(&sg_sim->lock);
	sg_sim->work = IRQ_WORK_INIT_HARD(sg_irq_work);

	sg_sim->gc.label = "sg-gpio-sim";
	sg_sim->gc.parent = &sg_pdev->dev;
	sg_sim->gc.owner = THIS_MODULE;
	sg_sim->gc.base = -1;
	sg_sim->gc.ngpio = SG_NGPIO;
	sg_sim->gc.names = sg_line_names;
	sg_sim->gc.can_sleep = false;
	sg_sim->gc.get_direction = sg_get_direction;
	sg_sim->gc.direction_input = sg_direction_input;
	sg_sim->gc.direction_output = sg_direction_output;
	sg_sim->gc.get = sg_get;
	sg_sim->gc.set = sg_set;

	girq = &sg_sim->gc.irq;
	gpio_irq_chip_set_chip(girq, &sg_irq_chip);
	girq->handler = handle_simple_irq;
	girq->default_type = IRQ_TYPE_NONE;
	girq->num_parents = 0;
	girq->parents = NULL;
	girq->parent_handler = NULL;

	ret = gpiochip_add_data(&sg_sim->gc, sg_sim);
	if (ret)
		goto free;

	sg_sim->dir = debugfs_create_dir("sg-gpio-sim", NULL);
	for (offset = 0; offset < SG_NGPIO; offset++) {
		char name[8];

		snprintf(name, sizeof(name), "line%lu", offset);
		debugfs_create_file(name, 0600, sg_sim->dir, (void *)offset, &sg_line_fops);
	}
	pr_info("sg-gpio-sim: %u lines (line 1 follows line 0 as output; debugfs sg-gpio-sim/lineN sets inputs)\n",
		SG_NGPIO);
	return 0;

free:
	kfree(sg_sim);
unregister:
	platform_device_unregister(sg_pdev);
	return ret;
}

static void __exit sg_gpio_sim_exit(void)
{
	debugfs_remove_recursive(sg_sim->dir);
	gpiochip_remove(&sg_sim->gc);
	irq_work_sync(&sg_sim->work);
	kfree(sg_sim);
	platform_device_unregister(sg_pdev);
}

module_init(sg_gpio_sim_init);
module_exit(sg_gpio_sim_exit);

MODULE_DESCRIPTION("SensorGate's simulated GPIO chip for its VM test: output/input loopback and debugfs-driven inputs");
MODULE_AUTHOR("SensorGate authors");
MODULE_LICENSE("GPL");
